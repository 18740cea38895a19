import type { SqlRunner } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { join, renderSql, sql, table } from '../../warehouse/sql.js';
import { GENESIS_HASH, hashChangeset } from './audit-chain.js';
import type { AuditCell } from './audit-records.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { toIso } from './fetch-history.js';

export interface ChainProblem {
  kind: 'edited' | 'missing' | 'inserted' | 'orphan-cells' | 'head';
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
 * Recomputes every changeset's hash from its stored content and cell rows and
 * follows the links: an edited row changes its changeset's hash, a deleted
 * changeset leaves a gap in `seq`, an inserted one breaks the next link.
 */
export async function verifyAuditChain(runner: SqlRunner, dialect: Dialect, schema: string, onProgress?: (checked: number, total: number) => void): Promise<ChainReport> {
  const run = async (fragment: ReturnType<typeof sql>) => {
    const q = renderSql(fragment, dialect);
    return (await runner.query(q.sql, q.params)).rows;
  };
  const changesets = table(`${schema}.${AUDIT_TABLES.changesets}`);
  const cellTable = table(`${schema}.${AUDIT_TABLES.cellChanges}`);
  const total = Number((await run(sql`SELECT count(*) AS n FROM ${changesets}`))[0]?.n ?? 0);
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await run(sql`SELECT changeset_id, CAST(committed_at AS VARCHAR) AS committed_at, user_id, username, app, table_name, reason,
        idempotency_key, request_hash, inserted, updated, deleted, seq, prev_hash, hash, reverts
        FROM ${changesets} ORDER BY seq LIMIT ${PAGE} OFFSET ${offset}`);
    if (rows.length === 0) break;
    const cellsById = new Map<string, AuditCell[]>();
    const ids = rows.map((r) => String(r.changeset_id));
    for (const cell of await run(sql`SELECT changeset_id, op, row_key, column_name, old_value, new_value FROM ${cellTable}
        WHERE changeset_id IN (${join(ids.map((id) => sql`${id}`), ', ')}) ORDER BY changeset_id, seq`)) {
      const list = cellsById.get(String(cell.changeset_id)) ?? [];
      list.push({ op: cell.op as AuditCell['op'], rowKey: String(cell.row_key), column: String(cell.column_name), oldValue: text(cell.old_value), newValue: text(cell.new_value) });
      cellsById.set(String(cell.changeset_id), list);
    }
    for (const row of rows) {
      const id = String(row.changeset_id);
      const seq = Number(row.seq);
      if (seq > expectedSeq) problems.push({ kind: 'missing', changesetId: id, seq, message: `changeset${seq - expectedSeq > 1 ? 's' : ''} ${expectedSeq}–${seq - 1} before ${id} are missing (deleted)` });
      if (String(row.prev_hash) !== prevHash) {
        problems.push({ kind: 'inserted', changesetId: id, seq, message: `changeset ${id} (#${seq}) does not link to its predecessor: a changeset was inserted, removed or altered before it` });
      }
      const recomputed = hashChangeset(
        {
          changesetId: id,
          committedAt: toIso(String(row.committed_at)),
          userId: String(row.user_id),
          username: String(row.username),
          app: String(row.app),
          tableName: String(row.table_name),
          reason: text(row.reason),
          idempotencyKey: text(row.idempotency_key),
          requestHash: String(row.request_hash),
          inserted: Number(row.inserted),
          updated: Number(row.updated),
          deleted: Number(row.deleted),
          seq,
          prevHash: String(row.prev_hash),
          reverts: text(row.reverts),
        },
        cellsById.get(id) ?? [],
      );
      if (recomputed !== String(row.hash)) problems.push({ kind: 'edited', changesetId: id, seq, message: `changeset ${id} (#${seq}) or one of its cell rows was edited after commit` });
      prevHash = String(row.hash);
      expectedSeq = seq + 1;
      checked += 1;
    }
    onProgress?.(checked, total);
  }
  const orphans = await run(sql`SELECT DISTINCT changeset_id FROM ${cellTable} WHERE changeset_id NOT IN (SELECT changeset_id FROM ${changesets})`);
  for (const o of orphans) problems.push({ kind: 'orphan-cells', changesetId: String(o.changeset_id), seq: null, message: `cell rows name changeset ${o.changeset_id}, which does not exist (inserted, or their changeset was deleted)` });
  const head = (await run(sql`SELECT seq, last_hash FROM ${table(`${schema}.${AUDIT_TABLES.chainHead}`)} WHERE id = 1`))[0];
  if (head && (Number(head.seq) !== expectedSeq - 1 || String(head.last_hash) !== prevHash)) {
    problems.push({ kind: 'head', changesetId: null, seq: Number(head.seq), message: `the chain should end at changeset #${head.seq}, but the last stored one is #${expectedSeq - 1}: the newest changesets were deleted or altered` });
  }
  return { checked, problems };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
