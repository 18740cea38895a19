import { request } from 'node:http';
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
