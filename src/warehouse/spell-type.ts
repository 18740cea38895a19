import type { ColumnType } from './column-type.js';

/** How an engine names each kind of column type in a CAST. */
export interface TypeSpelling {
  string(maxLength: number | undefined): string;
  integer(bits: 8 | 16 | 32 | 64 | 128): string;
  decimal(precision: number, scale: number): string;
  float: string;
  boolean: string;
  date: string;
  timestamp(withTimeZone: boolean): string;
}

/**
 * The engine's own name for a column type, from its kind rather than the
 * catalogue's text: a value is cast to what the engine calls the type,
 * whichever engine described the column (a catalogue's `VARCHAR` is BigQuery's
 * `STRING`, and a bare `VARCHAR` is one character on SQL Server). Types of no
 * known kind keep the catalogue's name.
 */
export function spellType(type: ColumnType, spelling: TypeSpelling): string {
  switch (type.kind) {
    case 'string':
      return spelling.string(type.maxLength);
    case 'integer':
      return spelling.integer(type.bits);
    case 'decimal':
      return spelling.decimal(type.precision, type.scale);
    case 'float':
      return spelling.float;
    case 'boolean':
      return spelling.boolean;
    case 'date':
      return spelling.date;
    case 'timestamp':
      return spelling.timestamp(type.withTimeZone);
    case 'other':
      return type.sql;
  }
}
