import { describe, expect, it } from 'vitest';
import { withArguments, writeAsCall } from './postgres-write-as.js';

describe('the write-as function of a statement', () => {
  it("names the statement's parameters after the function's arguments, leaving quoted names and text alone", () => {
    const statement = `UPDATE "t$1" SET "amount" = $1, note = 'costs $2' || $2 WHERE "it's $3" = $3 AND x = $10 AND q = 'it''s $1'`;
    const names = Array.from({ length: 10 }, (_, i) => `rt_w${i + 1}`);
    expect(withArguments(statement, names)).toBe(
      `UPDATE "t$1" SET "amount" = rt_w1, note = 'costs $2' || rt_w2 WHERE "it's $3" = rt_w3 AND x = rt_w10 AND q = 'it''s $1'`,
    );
    expect(() => withArguments('SELECT $2', ['rt_w1'])).toThrow(/\$2, beyond its 1 parameters/);
  });

  it('calls the function with role, settings and every value as a bound parameter cast to its inferred type', () => {
    const call = writeAsCall(
      (name) => `"${name}"`,
      'finance_director',
      { 'roundtrip.claims': '{"sub":"d"}', 'roundtrip.user_id': 'd' },
      { name: 'rt_write_as_3', types: ['numeric', 'integer', 'text'] },
      { sql: 'UPDATE …', params: ['12.50', 7] },
      [{ name: 'amount', type: 'numeric(18,2)' }],
      { sql: 'INSERT …', params: ["robert'); DROP TABLE t; --"] },
    );
    expect(call.sql).toBe('SELECT * FROM pg_temp.rt_write_as_3($1, $2, $3::numeric, $4::integer, $5::text) AS w("amount" numeric(18,2))');
    expect(call.params).toEqual(['finance_director', ['roundtrip.claims', '{"sub":"d"}', 'roundtrip.user_id', 'd'], '12.50', 7, "robert'); DROP TABLE t; --"]);
  });
});
