import { describe, expect, it } from 'vitest';
import { withArguments, writeAsCall, writeAsManyCall } from './postgres-write-as.js';

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
      { name: 'rt_write_as_3', form: 'one', types: ['numeric', 'integer', 'text'] },
      { sql: 'UPDATE …', params: ['12.50', 7] },
      [{ name: 'amount', type: 'numeric(18,2)' }],
      { sql: 'INSERT …', params: ["robert'); DROP TABLE t; --"] },
    );
    expect(call.sql).toBe('SELECT * FROM pg_temp.rt_write_as_3($1, $2, $3::numeric, $4::integer, $5::text) AS w("amount" numeric(18,2))');
    expect(call.params).toEqual(['finance_director', ['roundtrip.claims', '{"sub":"d"}', 'roundtrip.user_id', 'd'], '12.50', 7, "robert'); DROP TABLE t; --"]);
  });

  it("calls the form for several writes with each parameter as one list of the writes' values, and each write's own role and settings", () => {
    const fn = { name: 'rt_write_as_4', form: 'many' as const, types: ['numeric', 'integer', 'text'] };
    const item = (role: string, user: string, amount: string | null, job: number, note: string) => ({
      identity: {
        role,
        // Settings in either order: they are matched by name.
        settings:
          role === 'rt_partner'
            ? { 'roundtrip.user_id': user, 'roundtrip.claims': `{"sub":"${user}"}` }
            : { 'roundtrip.claims': `{"sub":"${user}"}`, 'roundtrip.user_id': user },
      },
      statement: { sql: 'UPDATE …', params: [amount, job] },
      after: { sql: 'INSERT …', params: [note] },
    });
    const items = [item('rt_director', 'director', '12.50', 0, 'a'), item('rt_partner', 'partner1', null, 1, "it's {b}")];
    const call = writeAsManyCall((name) => `"${name}"`, fn, items, [{ name: 'amount', type: 'numeric(18,2)' }]);
    expect(call.sql).toBe('SELECT * FROM pg_temp.rt_write_as_4($1, $2, $3, $4::numeric[], $5::integer[], $6::text[]) AS w("amount" numeric(18,2))');
    expect(call.params).toEqual([
      ['rt_director', 'rt_partner'],
      ['roundtrip.claims', 'roundtrip.user_id'],
      ['{"sub":"director"}', 'director', '{"sub":"partner1"}', 'partner1'],
      ['12.50', null],
      [0, 1],
      ['a', "it's {b}"],
    ]);
    const other = { ...items[1]!, identity: { role: 'rt_partner', settings: { 'roundtrip.claims': '{}' } } };
    expect(() => writeAsManyCall((name) => name, fn, [items[0]!, other], [])).toThrow(/same settings/);
  });
});
