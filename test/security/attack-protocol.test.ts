/**
 * Attack suite: requests that break HTTP itself (framing, sizes, encodings)
 * and what the server's own refusals reveal. Every answer, even one that
 * Node's HTTP parser produces before Fastify sees the request, is the API's
 * `{error: {code, message}}` with the same security headers as any other
 * response (see attack-support.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/index.js';
import { ENGINES } from '../support/engines.js';
import { as, DEMO_TABLES, named, servers, useAttackServers } from './attack-support.js';
import { sendRawBytes } from './raw-http.js';
import { expectRefused, leavesNothingChanged } from './state-probe.js';

/** Headers every response has but that say nothing about security. */
const GENERIC = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id', 'vary']);

/** The security headers of an ordinary API response (helmet's). */
async function securityHeaders(): Promise<Record<string, string>> {
  const response = await fetch(`${servers.demo.url}/api/health`);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !GENERIC.has(name)));
  expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'content-security-policy': expect.any(String) });
  return headers;
}

interface ProtocolCase {
  name: string;
  /** The bytes sent; `{cookie}` is replaced by a logged-in partner's session cookie. */
  request: () => string;
  status: number;
  code: ErrorCode;
}

const line = (method: string, target: string, headers: string[] = [], body = '') =>
  [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, 'Connection: close', '', body].join('\r\n');
const json = (body: string) => ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];

describe.each(ENGINES)('$name', (engine) => {
  useAttackServers(engine);
  const cookie = () => `Cookie: ${as.partner1.cookie}`;

  const CASES: ProtocolCase[] = [
    {
      name: 'a body framed by both Content-Length and Transfer-Encoding (request smuggling)',
      request: () => line('POST', '/api/auth/login', ['Content-Type: application/json', 'Content-Length: 4', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
      status: 400,
      code: 'REQ_MALFORMED_HTTP',
    },
    { name: 'a request line that is not HTTP', request: () => 'HELLO THERE\r\n\r\n', status: 400, code: 'REQ_MALFORMED_HTTP' },
    {
      name: 'an HTTP/1.1 request without a Host header',
      request: () => 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n',
      status: 400,
      code: 'REQ_MALFORMED_HTTP',
    },
    { name: 'a header line without a colon', request: () => line('GET', '/api/health', ['X-Broken header']), status: 400, code: 'REQ_MALFORMED_HTTP' },
    {
      name: 'a path segment over the parameter limit',
      request: () => line('GET', `/api/apps/${'a'.repeat(200)}`, [cookie()]),
      status: 414,
      code: 'REQ_URI_TOO_LONG',
    },
    { name: 'a URL over 16 KiB', request: () => line('GET', `/api/apps?x=${'a'.repeat(20_000)}`, [cookie()]), status: 414, code: 'REQ_URI_TOO_LONG' },
    {
      name: 'headers over 16 KiB',
      request: () => line('GET', '/api/health', [`X-Padding: ${'a'.repeat(20_000)}`]),
      status: 431,
      code: 'REQ_HEADERS_TOO_LARGE',
    },
    { name: 'a path with broken percent-encoding', request: () => line('GET', '/api/apps/%E0%A4%A', [cookie()]), status: 400, code: 'REQ_INVALID' },
    {
      name: 'control: a body that is not JSON',
      request: () => line('POST', '/api/auth/login', json('{bad}'), '{bad}'),
      status: 400,
      code: 'REQ_MALFORMED_JSON',
    },
    {
      name: 'control: a body over 1 MiB',
      request: () => line('POST', '/api/auth/login', ['Content-Type: application/json', `Content-Length: ${2 * 1024 * 1024}`], '{}'),
      status: 413,
      code: 'REQ_TOO_LARGE',
    },
    { name: 'control: an unknown route', request: () => line('GET', '/api/reports', [cookie()]), status: 404, code: 'ROUTE_NOT_FOUND' },
    {
      name: 'control: a known path with a method it does not take (404, not 405)',
      request: () => line('DELETE', '/api/health', [cookie()]),
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    },
  ];

  it.each(named(CASES))('answers %s in the API error shape with the security headers', async (_name, c) => {
    const expected = await securityHeaders();
    const response = await leavesNothingChanged(servers.demo, DEMO_TABLES, () => sendRawBytes(servers.demo.url, c.request()));
    expectRefused(response, c.status, c.code);
    expect(Object.keys(response.body)).toEqual(['error']);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    for (const [name, value] of Object.entries(expected)) expect({ name, value: response.headers.get(name) }).toEqual({ name, value });
    expect(JSON.stringify(response.body)).not.toMatch(/FST_ERR|HPE_|statusCode/);
  });
});
