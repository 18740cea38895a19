import { engineNamed, type EngineName } from './engines.js';
import type { ProjectRuntime } from '../../src/runtime/open-project.js';

/** Direct SQL reads that tests use to prove what was (not) written. */
export async function auditCounts(runtime: ProjectRuntime): Promise<{ changesets: number; cells: number }> {
  const schema = runtime.current().config.audit.schema;
  const { rows } = await runtime.warehouse.query(
    `SELECT (SELECT count(*) FROM "${schema}".changesets) AS changesets, (SELECT count(*) FROM "${schema}".cell_changes) AS cells`,
  );
  return { changesets: Number(rows[0]!.changesets), cells: Number(rows[0]!.cells) };
}

/** A fingerprint of a whole table: any change to any row changes it. */
export async function tableFingerprint(runtime: ProjectRuntime, table: string): Promise<string> {
  const engine = engineNamed(runtime.warehouse.dialect.name as EngineName);
  const { rows } = await runtime.warehouse.query(engine.fingerprintSql(table));
  return `${rows[0]!.n}:${rows[0]!.h}`;
}

export async function budgetAmount(runtime: ProjectRuntime, lineId: number): Promise<string> {
  const { rows } = await runtime.warehouse.query('SELECT CAST(amount AS VARCHAR) AS amount FROM budget_lines WHERE line_id = $1', [lineId]);
  return String(rows[0]!.amount);
}
