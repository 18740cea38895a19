import { describe, expect, it } from 'vitest';
import { translateDuckdbError } from './duckdb/duckdb-errors.js';
import { translatePostgresError } from './postgres/postgres-errors.js';
import { diagnosticMessage } from './driver-errors.js';

const pgError = (code: string, message: string, extra: Record<string, string> = {}) => Object.assign(new Error(message), { code, ...extra });

/** Native errors naming tables, columns, constraints and key values, as each engine words them. */
const NATIVE = [
  { engine: 'duckdb', error: new Error('Constraint Error: Duplicate key "line_id: 2401" violates primary key constraint.'), code: 'DRV_UNIQUE_VIOLATION' },
  { engine: 'duckdb', error: new Error('Constraint Error: NOT NULL constraint failed: budget_lines.entity_id'), code: 'DRV_CONSTRAINT_VIOLATION' },
  {
    engine: 'duckdb',
    error: new Error('Constraint Error: CHECK constraint failed on table plan_totals with expression CHECK((total <= 1000000))'),
    code: 'DRV_CONSTRAINT_VIOLATION',
  },
  { engine: 'duckdb', error: new Error('Binder Error: Referenced column "secret_margin" not found in FROM clause!'), code: 'DRV_QUERY_FAILED' },
  {
    engine: 'postgres',
    error: pgError('23505', 'duplicate key value violates unique constraint "budget_lines_pkey"', {
      detail: 'Key (line_id)=(2401) already exists.',
      constraint: 'budget_lines_pkey',
    }),
    code: 'DRV_UNIQUE_VIOLATION',
  },
  {
    engine: 'postgres',
    error: pgError('23502', 'null value in column "entity_id" of relation "budget_lines" violates not-null constraint'),
    code: 'DRV_CONSTRAINT_VIOLATION',
  },
  { engine: 'postgres', error: pgError('42501', 'permission denied for table budget_lines'), code: 'GOV_WAREHOUSE_DENIED' },
  { engine: 'postgres', error: pgError('42501', 'new row violates row-level security policy for table "budget_lines"'), code: 'GOV_WAREHOUSE_DENIED' },
  { engine: 'postgres', error: pgError('22P02', 'invalid input syntax for type numeric: "secret"'), code: 'DRV_CONSTRAINT_VIOLATION' },
  { engine: 'postgres', error: pgError('42703', 'column "secret_margin" does not exist'), code: 'DRV_QUERY_FAILED' },
];

describe('driver error translation', () => {
  it.each(NATIVE)('$engine: $error.message → $code, in words that name nothing of the warehouse', ({ engine, error, code }) => {
    const translated = engine === 'duckdb' ? translateDuckdbError(error) : translatePostgresError(error);
    expect(translated.code).toBe(code);
    const sent = JSON.stringify(translated.toJSON());
    for (const word of [
      '2401',
      'line_id',
      'budget_lines',
      'pkey',
      'entity_id',
      'secret',
      'Constraint Error',
      'Binder Error',
      'plan_totals',
      'row-level security policy',
    ]) {
      expect(sent).not.toContain(word);
    }
    expect(translated.cause).toBe(error);
    expect(diagnosticMessage(translated)).toBe(error.message);
  });

  it('names the kind of constraint in the same words on both engines', () => {
    expect(translateDuckdbError(NATIVE[1]!.error).details).toEqual({ constraint: 'not_null' });
    expect(translatePostgresError(NATIVE[5]!.error).details).toEqual({ constraint: 'not_null' });
  });

  it("keeps the message a procedure of the app's own raises (RAISE EXCEPTION), which its author wrote for the user", () => {
    const translated = translatePostgresError(pgError('P0001', 'amount 2000000 is above the plan limit'));
    expect(translated).toMatchObject({ code: 'DRV_QUERY_FAILED', message: 'The warehouse refused the statement: amount 2000000 is above the plan limit' });
  });
});
