/** A warehouse column type reduced to what validation and binding need. */
export type ColumnType =
  | { kind: 'string'; sql: string; maxLength?: number }
  | { kind: 'integer'; sql: string; bits: 8 | 16 | 32 | 64 | 128 }
  | { kind: 'decimal'; sql: string; precision: number; scale: number }
  | { kind: 'float'; sql: string }
  | { kind: 'boolean'; sql: string }
  | { kind: 'date'; sql: string }
  | { kind: 'timestamp'; sql: string; withTimeZone: boolean }
  | { kind: 'other'; sql: string };

export function isNumericType(type: ColumnType): boolean {
  return type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'float';
}
