import { randomFillSync } from 'node:crypto';

let lastMs = -1;
let counter = 0;
/** Random bytes drawn in bulk: one call into the CSPRNG per 409 ids instead of one per id. */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

function randomTail(): Buffer {
  if (poolOffset + 10 > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  poolOffset += 10;
  return POOL.subarray(poolOffset - 10, poolOffset);
}

/**
 * A time-ordered UUID (version 7), so changeset ids sort by creation time.
 * Ids made in one process are strictly increasing: within one millisecond a
 * 12-bit counter (the `rand_a` field, RFC 9562 method 1) orders them, so two
 * changesets of the same cell written in the same millisecond still sort in
 * the order they were made.
 */
export function uuid7(now = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    // Counter exhausted within one millisecond: borrow the next one.
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  } else counter = 0;
  lastMs = ms;
  const bytes = Buffer.alloc(16);
  randomTail().copy(bytes, 6);
  // 48-bit milliseconds, big-endian (two writes: JS bit operations are 32-bit).
  bytes.writeUInt16BE(Math.floor(ms / 2 ** 32), 0);
  bytes.writeUInt32BE(ms % 2 ** 32, 2);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
