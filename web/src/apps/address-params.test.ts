import { describe, expect, it } from 'vitest';
import type { AppDetail, PageSpec } from '../api/types';
import { addressOf, variablesFromAddress } from './address-params';

const app = {
  datasets: {
    totals: { params: { entity: { type: 'string' }, year: { type: 'number' }, open: { type: 'boolean' } } },
  },
} as unknown as AppDetail;
const page = {
  id: 'overview',
  blocks: [
    { type: 'filter', id: 'f1', param: 'entity' },
    { type: 'filter', id: 'f2', param: 'year', default: 2025 },
    { type: 'filter', id: 'f3', param: 'open' },
    { type: 'kpi', id: 'k', dataset: 'totals', value: 'v' },
  ],
} as unknown as PageSpec;

describe("a page's filter values in its address", () => {
  it('are typed as the datasets declare them; empty is none, and what no filter owns is ignored', () => {
    expect(variablesFromAddress(app, page, { entity: 'E03', year: '2026', open: 'true', drill: 'x' })).toEqual({ entity: 'E03', year: 2026, open: true });
    expect(variablesFromAddress(app, page, { entity: '', year: '' })).toEqual({ entity: null, year: null });
  });

  it('leave the default where the text cannot be of the type', () => {
    expect(variablesFromAddress(app, page, { year: 'twenty', open: 'maybe' })).toEqual({});
  });

  it('hold only what differs from the defaults, never a locked value', () => {
    expect(addressOf(page, { entity: null, year: 2025, open: null }, {})).toEqual({});
    expect(addressOf(page, { entity: 'E05', year: null, open: false }, {})).toEqual({ entity: 'E05', year: '', open: 'false' });
    expect(addressOf(page, { entity: 'E05', year: 2025 }, { entity: 'E05' })).toEqual({});
  });

  it('come back as they went out', () => {
    const variables = { entity: 'E05', year: 2024, open: true };
    expect(variablesFromAddress(app, page, addressOf(page, variables, {}))).toEqual(variables);
  });
});
