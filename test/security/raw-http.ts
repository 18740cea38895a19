import { request } from 'node:http';
import { connect } from 'node:net';
import type { ApiResponse } from './state-probe.js';

/**
 * Sends a request whose target is written exactly as given (e.g. the
 * absolute form `http://host/api/...`), which `fetch` would normalise away.
 */
export function sendRawTarget(baseUrl: string, method: string, target: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse> {
  const { hostname, port } = new URL(baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method, path: target, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON; keep the text
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: responseHeaders });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Writes `text` to a fresh TCP connection as it is (malformed framing, huge
 * headers, anything `fetch` and `http.request` refuse to send) and parses
 * whatever HTTP response comes back before the server closes the connection.
 */
export function sendRawBytes(baseUrl: string, text: string, timeoutMs = 5000): Promise<ApiResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(text));
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks).toString('utf8');
      if (!received) reject(new Error('the server closed the connection without an answer'));
      else resolve(parseResponse(received));
    });
  });
}

function parseResponse(received: string): ApiResponse {
  const end = received.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = received.slice(0, end < 0 ? received.length : end).split('\r\n');
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let text = end < 0 ? '' : received.slice(end + 4);
  if (headers.get('transfer-encoding') === 'chunked') text = unchunk(text);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
