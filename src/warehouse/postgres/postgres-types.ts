import pg from 'pg';

const NAMES: Record<number, string> = {
  16: 'BOOLEAN',
  20: 'BIGINT',
  21: 'SMALLINT',
  23: 'INTEGER',
  25: 'TEXT',
  700: 'REAL',
  701: 'DOUBLE PRECISION',
  1042: 'CHARACTER',
  1043: 'CHARACTER VARYING',
  1082: 'DATE',
  1114: 'TIMESTAMP WITHOUT TIME ZONE',
  1184: 'TIMESTAMP WITH TIME ZONE',
  1700: 'NUMERIC',
  114: 'JSON',
  3802: 'JSONB',
  2950: 'UUID',
  1083: 'TIME',
  1186: 'INTERVAL',
};

/** The type name of a result column, with precision and scale from its modifier. */
export function resultTypeName(oid: number, modifier: number): string {
  const name = NAMES[oid] ?? 'UNKNOWN';
  if (oid === 1700 && modifier >= 4) return `NUMERIC(${((modifier - 4) >> 16) & 0xffff},${(modifier - 4) & 0xffff})`;
  if ((oid === 1043 || oid === 1042) && modifier >= 4) return `${name}(${modifier - 4})`;
  return name;
}

const RAW_TEXT = new Set([1082, 1114, 1184, 1083, 1186]);

/** JSON-safe values: dates and timestamps stay text (as the warehouse renders them), 64-bit and numeric stay strings. */
export const jsonSafeTypes = {
  getTypeParser(oid: number, format?: string) {
    if (RAW_TEXT.has(oid)) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;
