import { DEFAULT_CAPABILITIES, type DriverCapabilities } from '../driver.js';

/** What Snowflake can do, as the core reads it (kept apart from the driver, which loads the vendor client). */
export const SNOWFLAKE_CAPABILITIES: DriverCapabilities = {
  ...DEFAULT_CAPABILITIES,
  // BEGIN … COMMIT/ROLLBACK on one session (docs: "Transactions"): DML only, DDL would commit.
  transactions: true,
  // No RETURNING clause on INSERT, UPDATE, DELETE or MERGE: core checks, then applies by key.
  supportsReturning: false,
  // PRIMARY KEY and UNIQUE are recorded but not enforced on standard tables (docs: "Constraints").
  enforcesKeys: false,
  // Time Travel: `AT(TIMESTAMP => …)` within the table's retention period.
  nativeTimeTravel: true,
  // USE ROLE switches a session to the user's mapped role (granted to the service user).
  roles: true,
};
