import type { ResolvedProject } from '../app-model/index.js';
import type { InvalidationNotice } from '../governance/identity/session-invalidations.js';
import type { Principal } from '../governance/principal.js';
import type { ChangeEvent } from '../writeback/change-event.js';
import { accessFrame, encodeFrame, endFrame, HEARTBEAT_FRAME, type EncodedFrame, type StreamEndReason } from './sse-frames.js';
import { visibleFrames } from './visible-change.js';
import { viewerShape } from './viewer-shape.js';

/** Where a viewer's bytes go: the open response. */
export interface ViewerConnection {
  /** Sends a frame to the client; a closed connection ignores it. */
  write(frame: EncodedFrame): void;
  /** Ends the response. */
  end(): void;
}

/** Who the stream is for now, or why it must end. */
export type ViewerCheck = { ok: true; principal: Principal; expiresAt: number | null } | { ok: false; reason: StreamEndReason };

/**
 * How a stream authenticated, so that invalidations can find it and it can
 * be checked again. Streams with the same session or token and usernames
 * share one check.
 */
export interface ViewerIdentity {
  /** Users whose change re-checks the stream: the credential's user, and a previewed user. */
  usernames: readonly string[];
  /** The SHA-256 of the session id, for a session. */
  sessionIdHash?: string;
  /** The token's id, for an API token. */
  tokenId?: string;
  /** Reads the credential and its user again (the store, not a cache). */
  check(now: number): Promise<ViewerCheck>;
}

export interface ViewerRegistryOptions {
  /** The current definitions (replaced on reload). */
  project(): ResolvedProject;
  /** A check that threw: the stream ends (`check-failed`), the error goes here. */
  onError(error: unknown): void;
  heartbeatMs?: number;
  clock?: () => number;
}

interface Viewer {
  identity: ViewerIdentity;
  principal: Principal;
  connection: ViewerConnection;
  /** Shape under the project the groups were built for; undefined while held. */
  shape?: string;
  /** Events that arrived while a re-check ran; filtered by the principal the check finds. */
  held?: ChangeEvent[];
  /** Per-viewer messages (`sendEach`) that arrived meanwhile, the latest per topic; built for the principal the check finds. */
  heldEach?: Map<string, (principal: Principal) => EncodedFrame | undefined>;
  checking: boolean;
  /** Another invalidation arrived during the check: its result may predate it. */
  again: boolean;
  expiry?: NodeJS.Timeout;
  ended: boolean;
}

const HEARTBEAT_MS = 20_000;
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** How long invalidations are remembered for streams still being opened. */
const RECENT_MS = 60_000;

/**
 * The open event streams of this server and what each may see.
 *
 * Delivery: viewers are grouped by shape (`viewerShape`): an event is
 * filtered and serialised once per group, and the same bytes are written to
 * every connection of the group.
 *
 * Identity: a stream acts for its user as they are now, not as they were at
 * subscribe time. When the user, the session or the token changes (on this
 * server or, through the system store's notifications, on another), the
 * affected streams are held (events queue), checked again, then either ended
 * with a last `end` event naming the reason, or released under the user's
 * current roles and attributes (an `access` event first, if they changed),
 * the queued events filtered by those. Sessions and tokens are also checked
 * again when they may have expired.
 */
export class ViewerRegistry {
  private readonly viewers = new Set<Viewer>();
  /** Viewers whose events queue while they are checked again. */
  private readonly holding = new Set<Viewer>();
  private readonly groups = new Map<string, Set<Viewer>>();
  private groupedFor: ResolvedProject | undefined;
  private readonly recent: { at: number; notice: InvalidationNotice }[] = [];
  private readonly checks = new Map<string, Promise<ViewerCheck>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly clock: () => number;

  constructor(private readonly options: ViewerRegistryOptions) {
    this.clock = options.clock ?? Date.now;
    const ping = encodeFrame(HEARTBEAT_FRAME);
    this.heartbeat = setInterval(() => {
      for (const viewer of this.viewers) viewer.connection.write(ping);
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.viewers.size;
  }

  /**
   * Adds a stream authenticated at `authenticatedAt` (clock time) as
   * `principal`. An invalidation that concerns it and arrived since then is
   * applied at once. Returns what to call when the client goes away.
   */
  open(identity: ViewerIdentity, principal: Principal, expiresAt: number | null, connection: ViewerConnection, authenticatedAt: number): () => void {
    const viewer: Viewer = { identity, principal, connection, checking: false, again: false, ended: false };
    this.viewers.add(viewer);
    this.join(viewer);
    this.scheduleExpiry(viewer, expiresAt);
    if (this.recent.some(({ at, notice }) => at >= authenticatedAt && concerns(notice, identity))) this.recheck(viewer, true);
    return () => this.drop(viewer);
  }

  /** Sends a committed changeset to every viewer that may see some of it, filtered once per shape. */
  deliver(event: ChangeEvent): void {
    const project = this.options.project();
    if (project !== this.groupedFor) this.regroup(project);
    for (const viewer of this.holding) viewer.held!.push(event);
    // Who may see an approval request depends on the user (submitter, reviewer, delegate), not only on the
    // shape; a notice goes to everyone but its sender. Both are rare: filtered per viewer.
    if (event.approval || event.notice) {
      for (const viewer of this.viewers) {
        if (viewer.ended || viewer.held) continue;
        const text = visibleFrames(project, viewer.principal, event);
        if (text) viewer.connection.write(encodeFrame(text));
      }
      return;
    }
    for (const group of this.groups.values()) {
      const [first] = group;
      if (!first) continue;
      const text = visibleFrames(project, first.principal, event);
      if (!text) continue;
      const frame = encodeFrame(text);
      for (const viewer of group) viewer.connection.write(frame);
    }
  }

  /**
   * Sends each open stream the frame `build` makes for its user, if any: for
   * messages that differ per viewer, such as presence. A stream being checked
   * again gets the latest message of the `topic` once it is released, built
   * for the user as the check found them.
   */
  sendEach(topic: string, build: (principal: Principal) => EncodedFrame | undefined): void {
    for (const viewer of this.viewers) {
      if (viewer.ended) continue;
      if (viewer.held) {
        (viewer.heldEach ??= new Map()).set(topic, build);
        continue;
      }
      const frame = build(viewer.principal);
      if (frame) viewer.connection.write(frame);
    }
  }

  /** A session, token or user changed (`all`: anything may have): check the streams it concerns again. */
  invalidated(notice: InvalidationNotice): void {
    const now = this.clock();
    this.recent.push({ at: now, notice });
    while (this.recent.length && this.recent[0]!.at < now - RECENT_MS) this.recent.shift();
    const concerned = [...this.viewers].filter((viewer) => concerns(notice, viewer.identity));
    // A check already running may have read the store before this change: later checks start afresh.
    for (const viewer of concerned) this.checks.delete(keyOf(viewer.identity));
    // `all` follows a possibly lost notification: check, but keep delivering meanwhile.
    for (const viewer of concerned) this.recheck(viewer, notice !== 'all');
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const viewer of [...this.viewers]) this.end(viewer, 'server-closing');
  }

  private recheck(viewer: Viewer, hold: boolean): void {
    if (viewer.ended) return;
    if (hold && !viewer.held) {
      this.leave(viewer);
      viewer.held = [];
      this.holding.add(viewer);
    }
    if (viewer.checking) {
      viewer.again = true;
      return;
    }
    viewer.checking = true;
    void this.runCheck(viewer);
  }

  private async runCheck(viewer: Viewer): Promise<void> {
    let result: ViewerCheck;
    do {
      viewer.again = false;
      try {
        result = await this.check(viewer.identity);
      } catch (error) {
        this.options.onError(error);
        result = { ok: false, reason: 'check-failed' };
      }
      if (viewer.ended) return;
      // An ending is final (a later change cannot revive an ended session); anything else may predate the latest change.
    } while (result.ok && viewer.again);
    viewer.checking = false;
    if (!result.ok) return this.end(viewer, result.reason);
    const changed = accessOf(viewer.principal) !== accessOf(result.principal);
    viewer.principal = result.principal;
    this.scheduleExpiry(viewer, result.expiresAt);
    const held = viewer.held;
    if (!held) {
      if (changed) this.regroupViewer(viewer);
    } else {
      viewer.held = undefined;
      this.holding.delete(viewer);
      this.join(viewer);
    }
    if (changed) viewer.connection.write(encodeFrame(accessFrame()));
    const project = this.options.project();
    for (const event of held ?? []) {
      const text = visibleFrames(project, viewer.principal, event);
      if (text) viewer.connection.write(encodeFrame(text));
    }
    const heldEach = viewer.heldEach;
    viewer.heldEach = undefined;
    for (const build of heldEach?.values() ?? []) {
      const frame = build(viewer.principal);
      if (frame) viewer.connection.write(frame);
    }
  }

  /** One check per credential at a time, shared by its streams (a user's tabs, a burst after a lost notification). */
  private check(identity: ViewerIdentity): Promise<ViewerCheck> {
    const key = keyOf(identity);
    let running = this.checks.get(key);
    if (!running) {
      const started = identity.check(this.clock());
      const forget = () => {
        if (this.checks.get(key) === started) this.checks.delete(key);
      };
      started.then(forget, forget);
      this.checks.set(key, (running = started));
    }
    return running;
  }

  private scheduleExpiry(viewer: Viewer, expiresAt: number | null): void {
    clearTimeout(viewer.expiry);
    viewer.expiry = undefined;
    if (expiresAt === null) return;
    const delay = Math.min(Math.max(expiresAt - this.clock() + 1, 0), MAX_DELAY_MS);
    viewer.expiry = setTimeout(() => this.recheck(viewer, true), delay);
    viewer.expiry.unref();
  }

  private end(viewer: Viewer, reason: StreamEndReason): void {
    if (viewer.ended) return;
    this.drop(viewer);
    viewer.connection.write(encodeFrame(endFrame(reason)));
    viewer.connection.end();
  }

  /** Forgets a viewer (ended, or its client went away). */
  private drop(viewer: Viewer): void {
    viewer.ended = true;
    clearTimeout(viewer.expiry);
    this.leave(viewer);
    this.viewers.delete(viewer);
    this.holding.delete(viewer);
  }

  private regroup(project: ResolvedProject): void {
    this.groups.clear();
    this.groupedFor = project;
    for (const viewer of this.viewers) if (!viewer.held) this.join(viewer);
  }

  private regroupViewer(viewer: Viewer): void {
    this.leave(viewer);
    this.join(viewer);
  }

  private join(viewer: Viewer): void {
    const project = this.options.project();
    if (project !== this.groupedFor) return this.regroup(project);
    viewer.shape = viewerShape(project, viewer.principal);
    let group = this.groups.get(viewer.shape);
    if (!group) this.groups.set(viewer.shape, (group = new Set()));
    group.add(viewer);
  }

  private leave(viewer: Viewer): void {
    if (viewer.shape === undefined) return;
    const group = this.groups.get(viewer.shape);
    group?.delete(viewer);
    if (group?.size === 0) this.groups.delete(viewer.shape);
    viewer.shape = undefined;
  }
}

function concerns(notice: InvalidationNotice, identity: ViewerIdentity): boolean {
  if (notice === 'all') return true;
  if ('username' in notice) return identity.usernames.includes(notice.username);
  if ('idHash' in notice) return identity.sessionIdHash === notice.idHash;
  return identity.tokenId === notice.tokenId;
}

/** Streams with the same key authenticated alike, so one check answers for all of them. */
function keyOf(identity: ViewerIdentity): string {
  return JSON.stringify([identity.sessionIdHash ?? null, identity.tokenId ?? null, identity.usernames]);
}

/** What decides what a viewer may see, for telling them when it changed. */
function accessOf(principal: Principal): string {
  return JSON.stringify([principal.roles, principal.attributes]);
}
