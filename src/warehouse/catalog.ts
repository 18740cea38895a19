export interface CatalogColumn {
  name: string;
  /** Type as the warehouse names it, upper case, e.g. `DECIMAL(18,2)`. */
  type: string;
  nullable: boolean;
  /** The warehouse fills the column when an insert leaves it out (a default, a sequence, an identity). */
  hasDefault?: boolean;
  /**
   * An integer key the warehouse cannot number itself (no sequence): the
   * column's constant default is the first number, and Roundtrip numbers a
   * new row that leaves it out after the largest key in the table, under the
   * table's write lock.
   */
  numberFrom?: number;
  /** Column-level grants (`SELECT`, `INSERT`, `UPDATE`, …) by grantee, where the warehouse has them. */
  privileges?: { grantee: string; privilege: string }[];
}

export interface CatalogForeignKey {
  name: string;
  columns: string[];
  references: { schema: string; table: string; columns: string[] };
}

export interface CatalogTable {
  schema: string;
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
  foreignKeys?: CatalogForeignKey[];
  /** CHECK constraints as the warehouse prints them. */
  checks?: { name: string; definition: string }[];
  /** Why the warehouse cannot update or delete the table's rows in place (what to change), where it cannot. */
  notWritable?: string;
  /** Row-level security is enabled on the table (where the warehouse has it). */
  rowLevelSecurity?: boolean;
  /**
   * The warehouse keeps this table's past versions and reads them natively
   * (a SQL Server system-versioned table), where the driver does not for
   * every table (`capabilities.nativeTimeTravel`).
   */
  timeTravel?: boolean;
}

export interface Catalog {
  tables: CatalogTable[];
}

/** Finds a table by `name` or `schema.name`; unqualified names match the default schema first. */
export function findCatalogTable(catalog: Catalog, qualifiedName: string, defaultSchema: string): CatalogTable | undefined {
  const [schema, name] = qualifiedName.includes('.') ? qualifiedName.split('.', 2) : [defaultSchema, qualifiedName];
  return catalog.tables.find((t) => t.schema === schema && t.name === name);
}

/**
 * Gives a table's single primary-key column its `numberFrom` where `starts`
 * (keyed `<table id>.<column>`) has the constant integer default of that
 * column: the keys Roundtrip numbers itself on engines that cannot return a
 * generated key (see `CatalogColumn.numberFrom`).
 */
export function numberKeys(tables: ReadonlyMap<string, CatalogTable>, starts: ReadonlyMap<string, number>): void {
  for (const [id, table] of tables) {
    const start = table.primaryKey.length === 1 ? starts.get(`${id}.${table.primaryKey[0]}`) : undefined;
    const key = start === undefined ? undefined : table.columns.find((c) => c.name === table.primaryKey[0]);
    if (key) key.numberFrom = start;
  }
}
