import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/index.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let doc: any;

beforeAll(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/api/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
});
afterAll(() => server?.close());

describe('the OpenAPI document', () => {
  it('is public OpenAPI 3.1 with a title and version', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('documents exactly the API routes the server has, method by method', () => {
    const served = server.routes.map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual([...new Set(served)]);
    expect(served).toContain('post /api/apps/{app}/tables/{table}/changesets');
  });

  it("lists exactly the registry's error codes in the Error schema", () => {
    const code = doc.components.schemas.Error.properties.error.properties.code;
    expect(code.enum).toEqual(Object.keys(ERROR_CODES));
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('describes the changeset request body with its operations', () => {
    const body = doc.paths['/api/apps/{app}/tables/{table}/changesets'].post.requestBody.content['application/json'].schema;
    expect(body.required).toContain('changes');
    expect(JSON.stringify(body.properties.changes)).toContain('"insert"');
    expect(JSON.stringify(body.properties.changes)).toContain('"delete"');
  });
});

describe('unknown routes', () => {
  it('answers an unknown /api route with 404 ROUTE_NOT_FOUND', async () => {
    const client = await ApiClient.login(server.url, 'viewer');
    const response = await client.request('GET', '/api/reports');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: expect.stringContaining('/api/reports'), details: {} });
  });

  it('answers a known path with the wrong method with 404 ROUTE_NOT_FOUND', async () => {
    const client = await ApiClient.login(server.url, 'viewer');
    const response = await client.request('DELETE', '/api/apps/budget');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers the public health check without a session', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
