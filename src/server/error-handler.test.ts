import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { translateDuckdbError } from '../warehouse/duckdb/duckdb-errors.js';
import { installErrorHandler } from './error-handler.js';

const NATIVE = 'Constraint Error: Duplicate key "line_id: 2401" violates primary key constraint.';

async function serverWithLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  let n = 0;
  const app = Fastify({ logger: { level: 'info', stream }, genReqId: () => `req-${(n += 1)}` });
  installErrorHandler(app);
  app.get('/duplicate', async () => {
    throw translateDuckdbError(new Error(NATIVE));
  });
  app.get('/wrapped', async () => {
    throw new AppError('WF_ACTION_FAILED', 'Step 1 failed.', { step: 'sql' }, { cause: translateDuckdbError(new Error('Binder Error: no column x')) });
  });
  app.get('/refused', async () => {
    throw new AppError('ROW_NOT_FOUND', 'No row.', { key: { line_id: 1 } });
  });
  app.get('/bug', async () => {
    throw new TypeError('cannot read properties of undefined');
  });
  return { app, lines };
}

describe('the error handler', () => {
  it('sends an engine error coded and neutral, and logs the native text under the request id it sends', async () => {
    const { app, lines } = await serverWithLog();
    const response = await app.inject({ method: 'GET', url: '/duplicate' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: { code: 'DRV_UNIQUE_VIOLATION', message: 'The warehouse refused a duplicate key; nothing was written.', details: { requestId: 'req-1' } },
    });
    const logged = lines.find((l) => (l.err as { message?: string } | undefined)?.message === NATIVE);
    expect(logged).toMatchObject({ reqId: 'req-1', code: 'DRV_UNIQUE_VIOLATION' });
  });

  it('finds the native cause behind a wrapping error (an action step) and logs it as a server error', async () => {
    const { app, lines } = await serverWithLog();
    const response = await app.inject({ method: 'GET', url: '/wrapped' });
    expect(response.json().error).toMatchObject({ code: 'WF_ACTION_FAILED', details: { step: 'sql', requestId: 'req-1' } });
    expect(JSON.stringify(response.json())).not.toContain('Binder');
    expect(lines.find((l) => (l.err as { message?: string } | undefined)?.message === 'Binder Error: no column x')).toMatchObject({
      level: 50,
      reqId: 'req-1',
    });
  });

  it('sends a plain refusal as it is, without a request id', async () => {
    const { app } = await serverWithLog();
    expect((await app.inject({ method: 'GET', url: '/refused' })).json()).toEqual({
      error: { code: 'ROW_NOT_FOUND', message: 'No row.', details: { key: { line_id: 1 } } },
    });
  });

  it('answers a bug with INTERNAL and the request id, and logs the bug', async () => {
    const { app, lines } = await serverWithLog();
    const response = await app.inject({ method: 'GET', url: '/bug' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: 'INTERNAL', details: { requestId: 'req-1' } });
    expect(JSON.stringify(response.json())).not.toContain('undefined');
    expect(lines.find((l) => (l.err as { message?: string } | undefined)?.message === 'cannot read properties of undefined')).toMatchObject({ reqId: 'req-1' });
  });
});
