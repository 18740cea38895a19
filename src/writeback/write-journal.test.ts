import { describe, expect, it } from 'vitest';
import { decodeParams, encodeParams } from './write-journal.js';

describe('write journal parameters', () => {
  it('keep their types through the journal, inside arrays too', () => {
    const params = [
      'text',
      12.5,
      null,
      true,
      12345678901234567890n,
      new Date('2026-12-06T07:00:00.000Z'),
      Buffer.from([1, 2, 255]),
      ['a', null, 7n],
      { amount: '1.50' },
    ];
    const decoded = decodeParams(encodeParams(params));
    expect(decoded).toEqual(params);
    expect(typeof decoded[4]).toBe('bigint');
    expect(decoded[5]).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(decoded[6])).toBe(true);
    expect(decodeParams(encodeParams([undefined]))).toEqual([null]);
  });
});
