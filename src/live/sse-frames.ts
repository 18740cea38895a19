import type { CredentialEnd } from '../governance/identity/check-credential.js';
import type { ClientApproval } from './visible-approval.js';
import type { ClientChange, ClientComment, ClientNotice } from './visible-change.js';
import type { ClientPresenceList } from './visible-presence.js';

/**
 * Why the server ends an event stream: the credential's end (see
 * `CredentialEnd`); `preview-ended` when the previewing admin lost the admin
 * role or the previewed user is gone; `check-failed` when who the user is
 * could not be read again (the stream ends rather than guess);
 * `server-closing` when the server shuts down.
 */
export type StreamEndReason = CredentialEnd | 'preview-ended' | 'check-failed' | 'server-closing';

/** The response headers of an event stream (also the answer to HEAD). */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/**
 * A frame encoded once for any number of connections: its bytes as they go
 * on the wire of a chunked (HTTP/1.1) response, and as they go on one
 * without chunks (HTTP/1.0). Writing one ready buffer per connection is
 * what lets one event reach a thousand viewers quickly.
 */
export interface EncodedFrame {
  raw: Buffer;
  chunked: Buffer;
}

const CRLF = Buffer.from('\r\n');

export function encodeFrame(text: string): EncodedFrame {
  const raw = Buffer.from(text);
  return { raw, chunked: Buffer.concat([Buffer.from(`${raw.length.toString(16)}\r\n`), raw, CRLF]) };
}

/** The first bytes: a comment (the stream is live) and the reconnection delay for EventSource. */
export const OPENING_FRAME = ': connected\nretry: 2000\n\n';

/** Keeps proxies from closing an idle stream. */
export const HEARTBEAT_FRAME = ': ping\n\n';

/** One `change` event; its id is the changeset's. */
export function changeFrame(change: ClientChange): string {
  return `event: change\nid: ${change.changesetId}\ndata: ${JSON.stringify(change)}\n\n`;
}

/** One `comment` event: a comment was added to or deleted from a row the viewer may read. */
export function commentFrame(comment: ClientComment): string {
  return `event: comment\nid: ${comment.commentId}\ndata: ${JSON.stringify(comment)}\n\n`;
}

/** One `notice` event: an action told people holding a role of the viewer's something (its `notify` step). */
export function noticeFrame(notice: ClientNotice): string {
  return `event: notice\nid: ${notice.noticeId}\ndata: ${JSON.stringify(notice)}\n\n`;
}

/** One `approval` event: something happened to a request the viewer may see (no row values: the client reads the request). */
export function approvalFrame(approval: ClientApproval): string {
  return `event: approval\ndata: ${JSON.stringify(approval)}\n\n`;
}

/** The last event of a stream the server ends: the client should not reconnect as it was. */
export function endFrame(reason: StreamEndReason): string {
  return `event: end\ndata: ${JSON.stringify({ reason })}\n\n`;
}

/**
 * The user's roles or attributes changed: the stream now shows only what the
 * new ones allow. Clients reload what they show, which was read under the old ones.
 */
export function accessFrame(): string {
  return `event: access\ndata: ${JSON.stringify({ reason: 'user-changed' })}\n\n`;
}

/** Who else is on an app now (the whole list, replacing the last one for that app). */
export function presenceFrame(list: ClientPresenceList): string {
  return `event: presence\ndata: ${JSON.stringify(list)}\n\n`;
}
