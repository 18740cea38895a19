import { describe, expect, it } from 'vitest';
import { uuid7 } from './uuid7.js';

describe('uuid7', () => {
  it('is a version 7, variant 1 UUID carrying the time', () => {
    // Later than any id this process made before (ids of one process only increase).
    const at = Date.now() + 3_600_000;
    const id = uuid7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts in the order of making, also within one millisecond and when the clock steps back', () => {
    const now = Date.now() + 7_200_000;
    const ids = [...Array.from({ length: 5000 }, () => uuid7(now)), uuid7(now - 10), uuid7(now + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
