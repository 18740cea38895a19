import { createHmac, randomUUID } from 'node:crypto';
import type { ResolvedProject, WebhookEvent } from '../app-model/index.js';
import { summarizeRequest, type ApprovalRequest } from './approval-records.js';

/** One thing that happened to a request, as webhooks receive it. */
export interface ApprovalEvent {
  event: WebhookEvent;
  request: ApprovalRequest;
  actor: string;
  /** The route level acted on, if any. */
  level: string | null;
  comment: string | null;
  at: string;
}

/** Where one webhook delivery goes. */
export interface WebhookTarget {
  url: string;
  /** Environment variable holding the signing secret; omitted: the body is not signed. */
  secretEnv?: string;
}

export interface WebhookNotifier {
  notify(event: ApprovalEvent): void;
  /** Sends one JSON payload to one target in the background, signed and retried like approval events. */
  send(target: WebhookTarget, event: string, payload: unknown): void;
  /** Cancels pending retries and waits for deliveries in flight. */
  close(): Promise<void>;
}

export interface WebhookOptions {
  project(): ResolvedProject;
  /** Where delivery failures are reported. */
  onError(message: string): void;
  /** Waits before the second and third attempt (default 1 s and 5 s). */
  retryDelaysMs?: readonly number[];
  /** Read for `secretEnv` at each delivery, so a rotated secret applies without restart. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export const SIGNATURE_HEADER = 'x-roundtrip-signature';

/** `sha256=<hex HMAC-SHA256 of the body>`, as sent in `X-Roundtrip-Signature`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Delivers approval events to the webhooks of the request's app: a POST of
 * JSON, signed when the webhook names a secret, in the background (the
 * request that caused the event never waits), with up to 3 attempts. Every
 * attempt of one delivery carries the same body and `X-Roundtrip-Delivery` id,
 * so a receiver can drop duplicates.
 */
export function createWebhookNotifier(options: WebhookOptions): WebhookNotifier {
  const delays = options.retryDelaysMs ?? [1000, 5000];
  const env = options.env ?? process.env;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const attempt = async (url: string, headers: Record<string, string>, body: string, attemptNo: number) => {
    if (closed) return;
    let problem: string | undefined;
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 300) problem = `answered ${response.status}`;
    } catch (error) {
      problem = (error as Error).message;
    }
    if (!problem) return;
    const delay = delays[attemptNo - 1];
    if (delay === undefined || closed) return options.onError(`webhook ${url} failed after ${attemptNo} attempts: ${problem}`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      track(attempt(url, headers, body, attemptNo + 1));
    }, delay);
    timers.add(timer);
  };
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const send = (target: WebhookTarget, event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-roundtrip-event': event, 'x-roundtrip-delivery': randomUUID() };
    if (target.secretEnv) {
      const secret = env[target.secretEnv];
      if (!secret) return options.onError(`webhook ${target.url} not sent: environment variable ${target.secretEnv} (its signing secret) is not set`);
      headers[SIGNATURE_HEADER] = signBody(secret, body);
    }
    track(attempt(target.url, headers, body, 1));
  };

  return {
    notify(event) {
      const app = options.project().apps.get(event.request.app);
      for (const webhook of app?.config.notifications?.webhooks ?? []) {
        if (webhook.events.includes(event.event)) send(webhook, event.event, buildPayload(event));
      }
    },
    send,
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function buildPayload(event: ApprovalEvent) {
  return { event: event.event, at: event.at, actor: event.actor, level: event.level, comment: event.comment, request: summarizeRequest(event.request) };
}
