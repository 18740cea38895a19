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
  // Not claimed with transactions: a session belongs to the principal that created it, so a transaction run
  // with a user's token cannot switch to the service identity for its audit rows (see `useServiceIdentity`
  // in the driver). Reads and transactions given an identity still run as that user, never as the service.
  roles: false,
};

/**
 * With identity mode user-token: statements run with users' own tokens, so
 * writes give up BigQuery's transactions for the journaled strategy, where
 * each statement is a job of its own: the user's checks and writes with their
 * token, the journal and audit rows with the service's credentials.
 */
export const BIGQUERY_USER_TOKEN_CAPABILITIES: DriverCapabilities = {
  ...BIGQUERY_CAPABILITIES,
  transactions: false,
  roles: true,
};
