import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { renderSql, sql, table } from '../../warehouse/sql.js';
import { GENESIS_HASH, hashChangeset } from './audit-chain.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { readChainRows } from './chain-rows.js';

export interface ChainProblem {
  kind: 'edited' | 'missing' | 'inserted' | 'orphan-cells' | 'head' | 'unsealed';
  /** The changeset named by the problem (the first one affected). */
  changesetId: string | null;
  seq: number | null;
  message: string;
}

export interface ChainReport {
  checked: number;
  problems: ChainProblem[];
}

const PAGE = 1000;

/**
 * Recomputes every sealed changeset's hash from its stored content and cell
 * rows and follows the links: an edited row changes its changeset's hash, a
 * deleted changeset leaves a gap in `seq`, an inserted one breaks the next
 * link. Changesets not sealed yet are named too (the sealer links them within
 * moments of their commit; ones that stay unsealed were never sealed by a
 * server, or were inserted by hand).
 */
export async function verifyAuditChain(
  runner: SqlRunner,
  dialect: Dialect,
  schema: string,
  onProgress?: (checked: number, total: number) => void,
): Promise<ChainReport> {
  const run = async (fragment: ReturnType<typeof sql>) => {
    const q = renderSql(fragment, dialect);
    return (await runner.query(q.sql, q.params)).rows;
  };
  const changesets = table(`${schema}.${AUDIT_TABLES.changesets}`);
  const cellTable = table(`${schema}.${AUDIT_TABLES.cellChanges}`);
  const total = Number((await run(sql`SELECT count(*) AS n FROM ${changesets} WHERE seq IS NOT NULL`))[0]?.n ?? 0);
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await readChainRows(runner, dialect, schema, { where: sql`seq IS NOT NULL`, orderBy: sql`seq`, limit: PAGE, offset });
    if (rows.length === 0) break;
    for (const { changeset, cells, seq: storedSeq, prevHash: storedPrev, hash } of rows) {
      const id = changeset.changesetId;
      const seq = storedSeq!;
      if (seq > expectedSeq)
        problems.push({
          kind: 'missing',
          changesetId: id,
          seq,
          message: `changeset${seq - expectedSeq > 1 ? 's' : ''} ${expectedSeq}–${seq - 1} before ${id} are missing (deleted)`,
        });
      if (storedPrev !== prevHash) {
        problems.push({
          kind: 'inserted',
          changesetId: id,
          seq,
          message: `changeset ${id} (#${seq}) does not link to its predecessor: a changeset was inserted, removed or altered before it`,
        });
      }
      if (hashChangeset({ ...changeset, seq, prevHash: storedPrev ?? '' }, cells) !== hash) {
        problems.push({ kind: 'edited', changesetId: id, seq, message: `changeset ${id} (#${seq}) or one of its cell rows was edited after commit` });
      }
      prevHash = hash ?? '';
      expectedSeq = seq + 1;
      checked += 1;
    }
    onProgress?.(checked, total);
  }
  const orphans = await run(sql`SELECT DISTINCT changeset_id FROM ${cellTable} WHERE changeset_id NOT IN (SELECT changeset_id FROM ${changesets})`);
  for (const o of orphans)
    problems.push({
      kind: 'orphan-cells',
      changesetId: String(o.changeset_id),
      seq: null,
      message: `cell rows name changeset ${o.changeset_id}, which does not exist (inserted, or their changeset was deleted)`,
    });
  const head = (await run(sql`SELECT seq, last_hash FROM ${table(`${schema}.${AUDIT_TABLES.chainHead}`)} WHERE id = 1`))[0];
  if (head && (Number(head.seq) !== expectedSeq - 1 || String(head.last_hash) !== prevHash)) {
    problems.push({
      kind: 'head',
      changesetId: null,
      seq: Number(head.seq),
      message: `the chain should end at changeset #${head.seq}, but the last stored one is #${expectedSeq - 1}: the newest changesets were deleted or altered`,
    });
  }
  for (const row of await run(sql`SELECT changeset_id FROM ${changesets} WHERE seq IS NULL ORDER BY committed_at, changeset_id`)) {
    problems.push({
      kind: 'unsealed',
      changesetId: String(row.changeset_id),
      seq: null,
      message: `changeset ${row.changeset_id} is not sealed into the chain (no server sealed it yet, or it was inserted by hand)`,
    });
  }
  return { checked, problems };
}
