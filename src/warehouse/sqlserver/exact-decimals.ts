import { createRequire } from 'node:module';

/** What this module uses of tedious's value parser and its helpers (tedious 19). */
interface ValueParser {
  readValue(buf: Buffer, offset: number, metadata: ColumnMetadata, options: unknown): ParsedValue;
}
interface Helpers {
  readUInt8(buf: Buffer, offset: number): ParsedValue & { value: number };
  Result: new (value: unknown, offset: number) => ParsedValue;
  NotEnoughDataError: new (byteCount: number) => Error;
}
interface ColumnMetadata {
  type: { name: string };
  scale?: number;
}
interface ParsedValue {
  value: unknown;
  offset: number;
}

const PATCHED = Symbol.for('roundtrip.exactDecimals');
const MONEY_SCALE = 4;

/**
 * Teaches tedious (the client under `mssql`) to read DECIMAL, NUMERIC and
 * MONEY values as exact decimal text. tedious reads them into JS numbers,
 * exact only to 15 significant digits, and has no option to keep them as text.
 * Its row parser reads every value through the value parser's exported
 * `readValue`; this wraps it, once per process: these types are read from
 * their wire format (MS-TDS 2.2.5.5.4: a sign byte and the unscaled integer,
 * little-endian; MONEY an 8-byte integer of ten-thousandths, high half
 * first), every other type by tedious itself. A tedious without that parser
 * fails loudly at the first SQL Server connection, never silently rounds.
 */
export function readDecimalsExactly(): void {
  // The tedious mssql itself loads, wherever the package manager put it.
  const require = createRequire(createRequire(import.meta.url).resolve('mssql'));
  const parser = require('tedious/lib/value-parser.js') as ValueParser & { [PATCHED]?: true };
  const helpers = require('tedious/lib/token/helpers.js') as Helpers;
  if (parser[PATCHED]) return;
  if (typeof parser.readValue !== 'function' || typeof helpers.readUInt8 !== 'function' || typeof helpers.Result !== 'function') {
    throw new Error('This tedious version has no value parser to read DECIMAL values exactly; install the version package.json names.');
  }
  const original = parser.readValue;
  parser.readValue = (buf, offset, metadata, options) => {
    switch (metadata.type.name) {
      case 'DecimalN':
      case 'NumericN':
        return readLengthPrefixed(helpers, buf, offset, (at, length) => {
          let unscaled = 0n;
          for (let i = length - 1; i >= 1; i--) unscaled = (unscaled << 8n) | BigInt(buf[at + i]!);
          return decimalText(buf[at] === 1 ? unscaled : -unscaled, metadata.scale ?? 0);
        });
      case 'MoneyN':
        return readLengthPrefixed(
          helpers,
          buf,
          offset,
          (at, length) => (length === 8 ? moneyText(buf, at) : undefined),
          (at) => original(buf, at - 1, metadata, options),
        );
      case 'Money': {
        if (buf.length < offset + 8) throw new helpers.NotEnoughDataError(offset + 8);
        return new helpers.Result(moneyText(buf, offset), offset + 8);
      }
      default:
        return original(buf, offset, metadata, options);
    }
  };
  parser[PATCHED] = true;
}

/**
 * A value behind a one-byte length (0: NULL). `read` gives its text, or
 * undefined to leave the value to `fallback` (called with the offset past the
 * length byte).
 */
function readLengthPrefixed(
  helpers: Helpers,
  buf: Buffer,
  offset: number,
  read: (at: number, length: number) => string | undefined,
  fallback?: (at: number) => ParsedValue,
): ParsedValue {
  const { value: length, offset: at } = helpers.readUInt8(buf, offset);
  if (length === 0) return new helpers.Result(null, at);
  if (buf.length < at + length) throw new helpers.NotEnoughDataError(at + length);
  const text = read(at, length);
  if (text === undefined) return fallback!(at);
  return new helpers.Result(text, at + length);
}

function moneyText(buf: Buffer, at: number): string {
  const high = BigInt(buf.readInt32LE(at));
  const low = BigInt(buf.readUInt32LE(at + 4));
  return decimalText((high << 32n) + low, MONEY_SCALE);
}

/** `unscaled` × 10^-scale as text with exactly `scale` digits after the point. */
export function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}
