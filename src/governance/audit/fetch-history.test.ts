import { describe, expect, it } from 'vitest';
import { toIso } from './fetch-history.js';

describe('toIso', () => {
  it('reads each engine’s text of a timestamp with zone as the same instant', () => {
    expect(toIso('2024-01-02 03:04:05+01')).toBe('2024-01-02T02:04:05.000Z'); // PostgreSQL
    expect(toIso('2024-01-02 03:04:05.1234560 +00:00')).toBe('2024-01-02T03:04:05.123Z'); // SQL Server DATETIMEOFFSET
    expect(toIso('2024-01-02T03:04:05.123Z')).toBe('2024-01-02T03:04:05.123Z');
  });

  it('leaves text that is no timestamp as it is', () => {
    expect(toIso('yesterday')).toBe('yesterday');
  });
});
