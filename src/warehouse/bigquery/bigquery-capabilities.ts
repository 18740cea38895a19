import { DEFAULT_CAPABILITIES, type DriverCapabilities } from '../driver.js';

/** What BigQuery can do, as the core reads it (kept apart from the driver, which loads the vendor client). */
export const BIGQUERY_CAPABILITIES: DriverCapabilities = {
  ...DEFAULT_CAPABILITIES,
  // BEGIN/COMMIT/ROLLBACK TRANSACTION across the jobs of one session (BigQuery "Multi-statement transactions").
  transactions: true,
  // `FOR SYSTEM_TIME AS OF`, within the dataset's time travel window (7 days by default).
  nativeTimeTravel: true,
  // No RETURNING clause; PRIMARY KEY is NOT ENFORCED (the only kind BigQuery has); no writable CTEs.
  supportsReturning: false,
  enforcesKeys: false,
  // Not claimed: a session belongs to the principal that created it, so a transaction run with a user's
  // token cannot switch to the service identity for its audit rows (see `useServiceIdentity` below).
  // Reads and transactions given an identity still run as that user, never silently as the service.
  roles: false,
};
