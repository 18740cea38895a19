import { z } from 'zod';
import type { ResolvedTable } from '../../app-model/index.js';
import { AppError } from '../../errors/index.js';
import { coerceValue, type CanonicalValue } from '../../warehouse/coerce-value.js';
import { parseInput } from '../parse-input.js';

export const keyValue = z.union([z.string().max(1000), z.number()]);

/** Canonical key from a client key object, refused unless it names exactly the key columns. */
export function canonicalKey(table: ResolvedTable, input: unknown): Record<string, CanonicalValue> {
  const keyObject = parseInput(z.record(z.string(), keyValue), input, 'key');
  const given = Object.keys(keyObject);
  if (given.length !== table.key.length || !table.key.every((k) => given.includes(k))) {
    throw new AppError('WB_INVALID_KEY', `key must have exactly the columns ${table.key.join(', ')}.`);
  }
  return Object.fromEntries<CanonicalValue>(
    table.key.map((k) => {
      const coerced = coerceValue(keyObject[k], table.columnByName.get(k)!.type);
      if (!coerced.ok) throw new AppError('WB_INVALID_KEY', `key ${k}: ${coerced.message}.`);
      return [k, coerced.value];
    }),
  );
}
