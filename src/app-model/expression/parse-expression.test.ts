import { describe, expect, it } from 'vitest';
import { parseExpression, rootReads } from './parse-expression.js';

function readsOf(source: string) {
  const parsed = parseExpression(source, ['row', 'user']);
  if (!parsed.ok) throw new Error(parsed.message);
  const { fields, whole } = rootReads(parsed.expression.ast, 'user');
  return { fields: [...fields].sort(), whole };
}

describe('rootReads', () => {
  it('names the fields read as user.<field>, inside calls too', () => {
    expect(readsOf('row.entity_id in user.entities')).toEqual({ fields: ['entities'], whole: false });
    expect(readsOf('user.entities.size() > 0 && row.owner == user.id')).toEqual({ fields: ['entities', 'id'], whole: false });
    expect(readsOf('has(user.region) && row.region == user.region')).toEqual({ fields: ['region'], whole: false });
    expect(readsOf('row.amount > 10.0')).toEqual({ fields: [], whole: false });
  });

  it('says when user is used whole, so that any field may matter', () => {
    expect(readsOf('user["entities"].size() > 0').whole).toBe(true);
    expect(readsOf('row.owner == user').whole).toBe(true);
  });
});
