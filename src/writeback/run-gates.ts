import { GATE_PARAM } from '../app-model/check-app.js';
import type { ResolvedTable } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import type { Principal } from '../governance/principal.js';
import type { Dialect } from '../warehouse/dialect.js';
import type { Row, SqlRunner } from '../warehouse/driver.js';
import { renderSql, typed } from '../warehouse/sql.js';
import { bindNamedParams } from './bind-named-params.js';

/** One row a gate returned. */
export interface GateViolation {
  gate: string;
  message: string;
  row: Row;
}

/**
 * Runs every gate of the table inside the write transaction, after the change
 * statements, so each SELECT sees the table as the changeset would leave it.
 * Throws one `WB_GATE_FAILED` listing every violation of every gate.
 */
export async function assertGates(tx: SqlRunner, dialect: Dialect, table: ResolvedTable, principal: Principal): Promise<void> {
  const violations: GateViolation[] = [];
  const params = new Map([[GATE_PARAM, typed(principal.id, dialect.parseType('VARCHAR'))]]);
  for (const gate of table.gates) {
    const q = renderSql(bindNamedParams(gate.parsed, params), dialect);
    for (const row of (await tx.query(q.sql, q.params)).rows) violations.push({ gate: gate.name, message: gate.message, row });
  }
  if (violations.length === 0) return;
  const noun = violations.length === 1 ? 'a validation gate refused the result' : `validation gates found ${violations.length} violations`;
  throw new AppError('WB_GATE_FAILED', `Nothing was written: ${noun}. ${violations[0]!.message}`, { violations });
}
