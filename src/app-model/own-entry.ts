/**
 * The value `record` holds under `key` as its own entry, else undefined: never
 * a member every object inherits (`constructor`, `toString`, `__proto__`, …).
 * Records keyed by names from app files or requests are read only through it
 * (or `Object.hasOwn`), so such names are ordinary names.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
