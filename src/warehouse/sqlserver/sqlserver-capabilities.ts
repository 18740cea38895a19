import { DEFAULT_CAPABILITIES, type DriverCapabilities } from '../driver.js';

/** What SQL Server can do, as the core reads it (kept apart from the driver, which loads the vendor client). */
export const SQLSERVER_CAPABILITIES: DriverCapabilities = {
  ...DEFAULT_CAPABILITIES,
  // BEGIN/COMMIT/ROLLBACK on one connection held by mssql's Transaction.
  transactions: true,
  // No RETURNING: T-SQL's OUTPUT clause sits mid-statement. The core checks, then applies by key, inside the transaction.
  supportsReturning: false,
  // PRIMARY KEY and UNIQUE are enforced at the statement (errors 2627, 2601), never deferred to COMMIT.
  enforcesKeys: true,
  deferredUniqueChecks: false,
  // EXECUTE AS USER plus SESSION_CONTEXT: GRANTs and row-level security apply to the user's statements.
  roles: true,
  // FOR SYSTEM_TIME AS OF reads only system-versioned (temporal) tables, which the catalogue does not tell apart yet.
  nativeTimeTravel: false,
  // Neither data-modifying CTEs nor a one-round-trip write as a user plus audit as the service (`writeAs`).
  writableCtes: false,
  identityBatch: false,
  // CREATE TABLE and the rest of DDL roll back with the transaction.
  transactionalDdl: true,
};
