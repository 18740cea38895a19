/**
 * Tables Roundtrip keeps for itself (audit, workflows, sessions, …) described
 * without any engine's SQL: each dialect renders a spec as its own DDL.
 */
export type NeutralType = 'text' | 'integer' | 'bigint' | 'double' | 'boolean' | 'timestamp';

export interface ColumnSpec {
  name: string;
  type: NeutralType;
  /** Default: the column accepts NULL. */
  notNull?: boolean;
  /** A single-column unique constraint. */
  unique?: boolean;
}

export interface TableSpec {
  /** Schema of the table; default: the store's default schema. */
  schema?: string;
  name: string;
  columns: readonly ColumnSpec[];
  primaryKey?: readonly string[];
  /** Multi-column unique constraints. */
  unique?: readonly (readonly string[])[];
  indexes?: readonly { name: string; columns: readonly string[] }[];
}

/** Shorthands that keep table specs readable: `text('reason')`, `text('app', true)`. */
export const column = {
  text: (name: string, notNull = false): ColumnSpec => ({ name, type: 'text', notNull }),
  integer: (name: string, notNull = false): ColumnSpec => ({ name, type: 'integer', notNull }),
  bigint: (name: string, notNull = false): ColumnSpec => ({ name, type: 'bigint', notNull }),
  double: (name: string, notNull = false): ColumnSpec => ({ name, type: 'double', notNull }),
  boolean: (name: string, notNull = false): ColumnSpec => ({ name, type: 'boolean', notNull }),
  timestamp: (name: string, notNull = false): ColumnSpec => ({ name, type: 'timestamp', notNull }),
};
