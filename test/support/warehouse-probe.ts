import { engineNamed, type EngineName } from './engines.js';
import type { ProjectRuntime } from '../../src/runtime/open-project.js';
import { runSql, sql, table as tableRef, typed } from '../../src/warehouse/sql.js';

/** Direct SQL reads that tests use to prove what was (not) written. */
export async function auditCounts(runtime: ProjectRuntime): Promise<{ changesets: number; cells: number }> {
  const schema = runtime.current().config.audit.schema;
  const { rows } = await runSql(
    runtime.warehouse,
    sql`SELECT (SELECT count(*) FROM ${tableRef(`${schema}.changesets`)}) AS changesets, (SELECT count(*) FROM ${tableRef(`${schema}.cell_changes`)}) AS cells`,
  );
  return { changesets: Number(rows[0]!.changesets), cells: Number(rows[0]!.cells) };
}

/** A fingerprint of a whole table: any change to any row changes it. */
export async function tableFingerprint(runtime: ProjectRuntime, table: string): Promise<string> {
  const engine = engineNamed(runtime.warehouse.dialect.name as EngineName);
  if (engine.fingerprint) return engine.fingerprint(runtime.warehouse, table);
  const { rows } = await runtime.warehouse.query(engine.fingerprintSql(table));
  return `${rows[0]!.n}:${rows[0]!.h}`;
}

export async function budgetAmount(runtime: ProjectRuntime, lineId: number): Promise<string> {
  const integer = runtime.warehouse.dialect.parseType('INTEGER');
  const { rows } = await runSql(runtime.warehouse, sql`SELECT amount FROM budget_lines WHERE line_id = ${typed(lineId, integer)}`);
  return String(rows[0]!.amount);
}
