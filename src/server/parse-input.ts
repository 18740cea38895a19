import type { z } from 'zod';
import { AppError } from '../errors/index.js';

/** Validates request input with its schema; a mismatch is a 400 that names every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0]!;
  throw new AppError(
    'REQ_INVALID',
    `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`,
    { issues },
  );
}
