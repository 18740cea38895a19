import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/governance/audit/index.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { budgetAmount } from '../support/warehouse-probe.js';

let server: TestServer;
const ids: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const director = await ApiClient.login(server.url, 'director');
  for (const lineId of [100, 101, 102, 103, 104]) {
    const amount = await budgetAmount(server.runtime, lineId);
    const response = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: lineId }, set: { amount: '1', comment: `edit ${lineId}` }, expect: { amount, comment: null } }],
      reason: 'chain test',
    });
    ids.push(response.body.changesetId);
  }
  await server.runtime.sealer.flush();
});
afterAll(() => server?.close());

const sqlRun = (text: string, params: unknown[] = []) => server.runtime.warehouse.query(text, params);
const verify = () => verifyAuditChain(server.runtime.warehouse, server.runtime.warehouse.dialect, 'roundtrip_audit');

/** Applies a tampering, returns what verify reports, then undoes it. */
async function tampered(change: string, undo: string, params: unknown[] = []) {
  await sqlRun(change, params);
  try {
    return await verify();
  } finally {
    await sqlRun(undo, undo.includes('$1') ? params : []);
  }
}

describe('tamper-evident audit', () => {
  it('verifies an untouched chain', async () => {
    expect(await verify()).toEqual({ checked: 5, problems: [] });
  });

  it('commits changesets unsealed and seals them in commit order right after', async () => {
    const rows = await sqlRun('SELECT changeset_id, seq FROM roundtrip_audit.changesets ORDER BY seq');
    expect(rows.rows.map((r) => [r.changeset_id, Number(r.seq)])).toEqual(ids.map((id, i) => [id, i + 1]));
    const director = await ApiClient.login(server.url, 'director');
    const amount = await budgetAmount(server.runtime, 105);
    const response = await director.changeset('budget', 'budget_lines', {
      changes: [{ op: 'update', key: { line_id: 105 }, set: { amount: '2' }, expect: { amount } }],
    });
    const sixth = response.body.changesetId as string;
    // The server seals within moments of the commit, without being asked.
    for (let i = 0; i < 100; i += 1) {
      const { rows: sealed } = await sqlRun('SELECT seq FROM roundtrip_audit.changesets WHERE changeset_id = $1', [sixth]);
      if (sealed[0]?.seq !== null && sealed[0]?.seq !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Number((await sqlRun('SELECT seq FROM roundtrip_audit.changesets WHERE changeset_id = $1', [sixth])).rows[0]!.seq)).toBe(6);
    expect(await verify()).toEqual({ checked: 6, problems: [] });
    // Undo, so the tampering cases below work on the five changesets above.
    await sqlRun('DELETE FROM roundtrip_audit.cell_changes WHERE changeset_id = $1', [sixth]);
    await sqlRun('DELETE FROM roundtrip_audit.changesets WHERE changeset_id = $1', [sixth]);
    await sqlRun(`UPDATE roundtrip_audit.chain_head SET seq = 5, last_hash = (SELECT hash FROM roundtrip_audit.changesets WHERE seq = 5)`);
    expect(await verify()).toEqual({ checked: 5, problems: [] });
  });

  it('names changesets that were never sealed', async () => {
    const report = await tampered(`UPDATE roundtrip_audit.changesets SET seq = NULL, prev_hash = NULL, hash = NULL WHERE changeset_id = $1`, `SELECT 1`, [
      ids[4],
    ]);
    expect(report.problems.map((p) => [p.kind, p.changesetId])).toEqual([
      ['head', null],
      ['unsealed', ids[4]],
    ]);
    // Sealing it again restores an intact chain (same position, same hashes).
    await sqlRun(`UPDATE roundtrip_audit.chain_head SET seq = 4, last_hash = (SELECT hash FROM roundtrip_audit.changesets WHERE seq = 4)`);
    await server.runtime.sealer.flush();
    expect(await verify()).toEqual({ checked: 5, problems: [] });
  });

  it('names the changeset whose cell row was edited', async () => {
    const report = await tampered(
      `UPDATE roundtrip_audit.cell_changes SET new_value = '999999.00' WHERE changeset_id = $1 AND column_name = 'amount'`,
      `UPDATE roundtrip_audit.cell_changes SET new_value = '1.00' WHERE changeset_id = $1 AND column_name = 'amount'`,
      [ids[1]],
    );
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'edited', changesetId: ids[1] })]);
  });

  it('names the changeset whose own row was edited', async () => {
    const report = await tampered(
      `UPDATE roundtrip_audit.changesets SET username = 'partner3' WHERE changeset_id = $1`,
      `UPDATE roundtrip_audit.changesets SET username = 'director' WHERE changeset_id = $1`,
      [ids[2]],
    );
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'edited', changesetId: ids[2] })]);
  });

  it('detects a deleted changeset and names where the gap is', async () => {
    const saved = await sqlRun('SELECT * FROM roundtrip_audit.changesets WHERE changeset_id = $1', [ids[2]]);
    const savedCells = await sqlRun('SELECT * FROM roundtrip_audit.cell_changes WHERE changeset_id = $1', [ids[2]]);
    await sqlRun('DELETE FROM roundtrip_audit.cell_changes WHERE changeset_id = $1', [ids[2]]);
    await sqlRun('DELETE FROM roundtrip_audit.changesets WHERE changeset_id = $1', [ids[2]]);
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.changesetId])).toEqual([
      ['missing', ids[3]],
      ['inserted', ids[3]],
    ]);
    expect(report.problems[0]!.message).toMatch(/changeset 3–3 before/);
    await sqlRun(
      `INSERT INTO roundtrip_audit.changesets SELECT * FROM (VALUES ${'($1, CAST($2 AS TIMESTAMPTZ), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)'})`,
      Object.values(saved.rows[0]!),
    );
    for (const cell of savedCells.rows) await sqlRun('INSERT INTO roundtrip_audit.cell_changes VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', Object.values(cell));
    expect((await verify()).problems).toEqual([]);
  });

  it('detects an inserted changeset and orphan cell rows', async () => {
    const report = await tampered(
      `INSERT INTO roundtrip_audit.cell_changes VALUES ('forged', 1, 'update', 'budget_lines', '{"line_id":1}', 'amount', '1', '2')`,
      `DELETE FROM roundtrip_audit.cell_changes WHERE changeset_id = 'forged'`,
    );
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'orphan-cells', changesetId: 'forged' })]);
    const forged = await tampered(
      `INSERT INTO roundtrip_audit.changesets SELECT 'forged', committed_at, user_id, username, app, table_name, reason, NULL, request_hash, inserted, updated, deleted, 6, hash, hash, NULL
         FROM roundtrip_audit.changesets WHERE changeset_id = $1`,
      `DELETE FROM roundtrip_audit.changesets WHERE changeset_id = 'forged'`,
      [ids[4]],
    );
    expect(forged.problems.map((p) => [p.kind, p.changesetId])).toEqual([
      ['edited', 'forged'],
      ['head', null],
    ]);
  });

  it('`roundtrip audit verify` exits 1 and names the changeset', async () => {
    await sqlRun(`UPDATE roundtrip_audit.cell_changes SET old_value = '0.00' WHERE changeset_id = $1 AND column_name = 'amount'`, [ids[0]]);
    const { projectDir } = server;
    const dataDir = join(projectDir, '..', 'data');
    await server.runtime.warehouse.query('CHECKPOINT');
    await server.app.close();
    await server.runtime.close();
    const result = await promisify(execFile)('node', ['dist/cli/main.js', 'audit', 'verify', projectDir, '--data', dataDir]).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect((result as { code?: number }).code).toBe(1);
    expect((result as { stdout: string }).stdout).toContain(`changeset ${ids[0]} (#1) or one of its cell rows was edited`);
  });
});
