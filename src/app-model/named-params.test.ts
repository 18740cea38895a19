import { describe, expect, it } from 'vitest';
import { parseNamedParams } from './named-params.js';

describe('parseNamedParams', () => {
  it('finds parameters and skips strings, identifiers, comments and casts', () => {
    const parsed = parseNamedParams(`SELECT ':no', "a:b", x::INTEGER -- :skip\nFROM t WHERE e = :entity AND (:entity IS NULL OR m >= :from_month) /* :c */`);
    expect(parsed.names).toEqual(['entity', 'entity', 'from_month']);
    expect(parsed.texts[0]).toContain(`':no', "a:b", x::INTEGER -- :skip`);
    expect(parsed.texts.at(-1)).toBe(') /* :c */');
  });

  it('handles escaped quotes inside literals', () => {
    expect(parseNamedParams(`SELECT 'it''s :not' , :yes`).names).toEqual(['yes']);
  });
});
