import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PostgresDriver } from '../../src/warehouse/postgres/postgres-driver.js';
import type { Change } from '../../src/writeback/changeset-schema.js';
import { ApiClient } from '../support/api-client.js';
import { bulkProject, regionOf } from '../support/bulk-project.js';
import { FIXTURE_PASSWORD, type FixtureProject } from '../support/fixture-project.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

/**
 * A server process killed (SIGKILL) in the middle of a large changeset, on an
 * engine without transactions (the in-process ClickHouse engine, in a folder
 * of the project's own), with a PostgreSQL system store: the next start takes
 * back what the dead server applied, from the write journal. (Engines with
 * transactions roll back a dead connection's transaction themselves; the
 * PostgreSQL suite cuts a connection mid-changeset.)
 */
describe('a server killed in the middle of a changeset, on a warehouse without transactions', () => {
  let fixture: FixtureProject;
  let system: TestDatabase;
  let journal: PostgresDriver;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    fixture = await bulkProject();
    system = await createTestDatabase();
    const file = join(fixture.dir, 'roundtrip.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.set('warehouse', doc.createNode({ type: 'clickhouse', path: join(fixture.dir, 'clickhouse'), database: 'lines_db' }));
    doc.set('systemStore', doc.createNode({ type: 'postgres', host: system.host, port: system.port, database: system.database, user: system.user }));
    writeFileSync(file, doc.toString());
    journal = await PostgresDriver.connect({ type: 'postgres', host: system.host, port: system.port, database: system.database, user: system.user } as never);
  }, 60_000);
  afterAll(async () => {
    server?.kill('SIGKILL');
    await journal?.close();
    await system?.drop();
    fixture?.remove();
  });

  /** Starts `roundtrip serve` on the project; resolves to its URL once it listens. */
  async function serve(): Promise<string> {
    const child = spawn(process.execPath, [CLI, 'serve', fixture.dir, '--port', '0'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    return new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
        if (url) {
          clearTimeout(timer);
          resolveUrl(url);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}):\n${output}`));
      });
    });
  }

  async function stateSeenBy(client: ApiClient): Promise<string> {
    const response = await client.query('lines', 'lines', { limit: 1, withTotal: true, aggregates: [{ column: 'amount', fn: 'sum' }] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return `${response.body.total} rows, total ${Number(response.body.aggregates[0].value).toFixed(2)}`;
  }

  async function journalRows(): Promise<number> {
    return Number((await journal.query('SELECT count(*) AS n FROM write_journal')).rows[0]!.n);
  }

  it('takes back, at the next start, what a killed server applied of a 30,000-change changeset', async () => {
    const client = await ApiClient.login(await serve(), 'boss', FIXTURE_PASSWORD);
    const before = await stateSeenBy(client);
    const changes: Change[] = [];
    for (let i = 0; i < 24_000; i += 1) changes.push({ op: 'update', key: { line_id: i }, set: { amount: String(i + 1) }, expect: { amount: String(i) } });
    for (let i = 24_000; i < 27_000; i += 1) changes.push({ op: 'delete', key: { line_id: i }, expect: { amount: String(i) } });
    for (let i = 0; i < 3_000; i += 1) changes.push({ op: 'insert', values: { line_id: 4_000_000 + i, region: regionOf(i), amount: '1' } });
    const writing = client.changeset('lines', 'lines', { changes }).catch((error: unknown) => error);

    // The write is journaled just before its first group is applied; the groups take about a second here.
    const deadline = Date.now() + 60_000;
    while ((await journalRows()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGKILL');
    await exited;
    await writing;
    expect(await journalRows(), 'killed before its write ended: its journal entry is there').toBeGreaterThan(0);

    const next = await ApiClient.login(await serve(), 'boss', FIXTURE_PASSWORD);
    expect(await stateSeenBy(next)).toBe(before);
    expect(await journalRows()).toBe(0);
    const audited = await next.query('lines', 'lines', { limit: 1, filters: [{ column: 'line_id', op: 'gte', value: 4_000_000 }], withTotal: true });
    expect(audited.body.total).toBe(0);
    // The table takes the same changeset again, whole.
    const again = await next.changeset('lines', 'lines', { changes });
    expect(again.status, JSON.stringify(again.body).slice(0, 300)).toBe(200);
    expect(await stateSeenBy(next)).not.toBe(before);
  }, 240_000);
});
