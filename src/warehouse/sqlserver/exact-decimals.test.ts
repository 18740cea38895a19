import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decimalText, readDecimalsExactly } from './exact-decimals.js';

// tedious's own row parser, fed TDS row bytes as SQL Server sends them: values of DECIMAL, NUMERIC
// and MONEY columns come out as exact text once `readDecimalsExactly` ran.

const require = createRequire(createRequire(import.meta.url).resolve('mssql'));
const rowParser = require('tedious/lib/token/row-token-parser.js') as (parser: unknown) => Promise<{ columns: { value: unknown }[] }>;

type Column = { type: { name: string }; precision?: number; scale?: number; colName: string };

/** The unscaled integer little-endian in `bytes` bytes. */
function littleEndian(value: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}

/** A DECIMALN value on the wire: length, sign (1: positive), the unscaled magnitude in 16 bytes. */
function decimalBytes(unscaled: bigint): number[] {
  return [17, unscaled < 0n ? 0 : 1, ...littleEndian(unscaled < 0n ? -unscaled : unscaled, 16)];
}

/** A MONEY value: the 8-byte count of ten-thousandths, high 4 bytes first. */
function moneyBytes(tenThousandths: bigint): number[] {
  const bits = BigInt.asUintN(64, tenThousandths);
  return [...littleEndian(bits >> 32n, 4), ...littleEndian(bits & 0xffffffffn, 4)];
}

async function readRow(columns: Column[], bytes: number[]): Promise<unknown[]> {
  let buffer = Buffer.from(bytes.slice(0, 3));
  const parser = {
    colMetadata: columns,
    options: { useColumnNames: false },
    position: 0,
    get buffer() {
      return buffer;
    },
    // The rest arrives in a second chunk: a value split across chunks is read once whole.
    waitForChunk: async () => {
      buffer = Buffer.from(bytes);
    },
  };
  return (await rowParser(parser)).columns.map((c) => c.value);
}

describe('exact DECIMAL, NUMERIC and MONEY values from tedious', () => {
  const decimal = (precision: number, scale: number): Column => ({ type: { name: 'DecimalN' }, precision, scale, colName: 'd' });

  it('reads values past 15 significant digits exactly, negatives, zero scale and NULL', async () => {
    readDecimalsExactly();
    readDecimalsExactly(); // once per process, whatever the number of connections
    const values = await readRow(
      [decimal(38, 2), decimal(38, 2), { ...decimal(38, 0), type: { name: 'NumericN' } }, decimal(18, 4), decimal(38, 2)],
      [
        ...decimalBytes(1234567890123456789012345n),
        ...decimalBytes(-9007199254740993n),
        ...decimalBytes(99999999999999999999999999999999999999n),
        ...decimalBytes(5n),
        0,
      ],
    );
    expect(values).toEqual(['12345678901234567890123.45', '-90071992547409.93', '99999999999999999999999999999999999999', '0.0005', null]);
  });

  it('reads MONEY exactly, and leaves SMALLMONEY and other types to tedious', async () => {
    readDecimalsExactly();
    const values = await readRow(
      [
        { type: { name: 'Money' }, colName: 'm' },
        { type: { name: 'MoneyN' }, colName: 'mn' },
        { type: { name: 'MoneyN' }, colName: 'small' },
        { type: { name: 'IntN' }, colName: 'i' },
      ],
      [...moneyBytes(9223372036854775807n), 8, ...moneyBytes(-12345n), 4, ...littleEndian(25000n, 4), 4, ...littleEndian(42n, 4)],
    );
    expect(values).toEqual(['922337203685477.5807', '-1.2345', 2.5, 42]);
  });

  it('spells unscaled integers with exactly the scale’s digits', () => {
    expect(decimalText(5n, 2)).toBe('0.05');
    expect(decimalText(-5n, 2)).toBe('-0.05');
    expect(decimalText(0n, 3)).toBe('0.000');
    expect(decimalText(120n, 0)).toBe('120');
  });
});
