export interface CatalogColumn {
  name: string;
  /** Type as the warehouse names it, upper case, e.g. `DECIMAL(18,2)`. */
  type: string;
  nullable: boolean;
}

export interface CatalogTable {
  schema: string;
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
}

export interface Catalog {
  tables: CatalogTable[];
}

/** Finds a table by `name` or `schema.name`; unqualified names match the default schema first. */
export function findCatalogTable(catalog: Catalog, qualifiedName: string, defaultSchema: string): CatalogTable | undefined {
  const [schema, name] = qualifiedName.includes('.') ? qualifiedName.split('.', 2) : [defaultSchema, qualifiedName];
  return catalog.tables.find((t) => t.schema === schema && t.name === name);
}
