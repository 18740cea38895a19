import { DEFAULT_CAPABILITIES, type DriverCapabilities } from '../driver.js';

/** What Databricks can do, as the core reads it (kept apart from the driver, which loads the vendor client). */
export const DATABRICKS_CAPABILITIES: DriverCapabilities = {
  ...DEFAULT_CAPABILITIES,
  // No RETURNING clause on INSERT, UPDATE, DELETE or MERGE.
  supportsReturning: false,
  // Each statement is its own Delta commit; there is no BEGIN … COMMIT on SQL warehouses.
  transactions: false,
  // `t TIMESTAMP AS OF …` reads a Delta table's earlier version (within its retention).
  nativeTimeTravel: true,
  // Statements under an identity run with the user's own OAuth token (Unity Catalog grants, row filters, masks).
  roles: true,
  // PRIMARY KEY constraints are informational only (https://docs.databricks.com/tables/constraints).
  enforcesKeys: false,
};
