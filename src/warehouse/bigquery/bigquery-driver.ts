import { BIGQUERY_CAPABILITIES, BIGQUERY_USER_TOKEN_CAPABILITIES } from './bigquery-capabilities.js';
import { BigQuery, type Job } from '@google-cloud/bigquery';
import { AppError } from '../../errors/index.js';
import { ConnectionPool } from '../connection-pool.js';
import type { Dialect } from '../dialect.js';
import type { QueryOptions, QueryResult, RowStream, TransactionOptions, TransactionRunner, WarehouseDriver, WarehouseIdentity } from '../driver.js';
import { isAbortError, isWarehouseError, warehouseCall } from '../driver-errors.js';
import { bigqueryDialect } from './bigquery-dialect.js';
import { type Principal, translateBigqueryError } from './bigquery-errors.js';
import { introspectBigquery } from './bigquery-introspect.js';
import { type JobSettings, readPage, type SessionUse, sessionOf, startJob } from './bigquery-jobs.js';
import { UserClients } from './bigquery-user-clients.js';

/** A resolved connection: the key file already read by the caller. */
export interface BigqueryConfig {
  /** Project that runs (and is billed for) the jobs. */
  projectId: string;
  /** Dataset unqualified tables live in. */
  dataset: string;
  /** Where jobs run (the dataset's location); default: BigQuery picks it. */
  location?: string;
  /** A service account key; absent: Google's Application Default Credentials. */
  credentials?: { client_email: string; private_key: string };
  /** Jobs running at once, at most. */
  poolSize?: number;
  /** Each job's `jobTimeoutMs`. */
  statementTimeoutMs?: number;
  /** Jobs billing more bytes fail without running. */
  maximumBytesBilled?: number;
  /**
   * Statements run with users' own tokens (identity mode user-token). A
   * session belongs to whoever opened it, so a transaction could not write
   * Roundtrip's audit rows as the service: writes then take the journaled
   * strategy of engines without transactions, each statement a job of its own.
   */
  userTokens?: boolean;
}

/** Rows per page while streaming (`maxResults`): one page in memory at a time. */
const STREAM_BATCH = 10_000;

/**
 * BigQuery through `@google-cloud/bigquery`: every statement is a query job,
 * transactions are multi-statement transactions in a session, and with a
 * passthrough identity jobs run with the user's own OAuth access token.
 */
export class BigqueryDriver implements WarehouseDriver {
  readonly dialect: Dialect;
  readonly capabilities;
  private readonly settings: JobSettings;
  private readonly slots: ConnectionPool<number>;
  private readonly users: UserClients;
  private closed = false;

  private constructor(
    private readonly client: BigQuery,
    private readonly config: BigqueryConfig,
  ) {
    this.dialect = bigqueryDialect(config.dataset);
    this.capabilities = { ...(config.userTokens ? BIGQUERY_USER_TOKEN_CAPABILITIES : BIGQUERY_CAPABILITIES) };
    this.settings = {
      projectId: config.projectId,
      dataset: config.dataset,
      location: config.location,
      statementTimeoutMs: config.statementTimeoutMs ?? 30_000,
      maximumBytesBilled: config.maximumBytesBilled,
    };
    let slot = 0;
    // Job slots, not connections: the client speaks HTTPS per request; this bounds the jobs running at once.
    this.slots = new ConnectionPool(
      async () => slot++,
      () => undefined,
      config.poolSize ?? 10,
    );
    this.users = new UserClients({ projectId: config.projectId, location: config.location });
  }

  /** Opens the client and checks the credentials (a trivial query) and the dataset (its metadata). */
  static async connect(config: BigqueryConfig): Promise<BigqueryDriver> {
    const client = new BigQuery({
      projectId: config.projectId,
      ...(config.location ? { location: config.location } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
    const driver = new BigqueryDriver(client, config);
    try {
      await driver.query('SELECT 1');
      await client.dataset(config.dataset).getMetadata();
    } catch (error) {
      await driver.close();
      throw translateBigqueryError(error);
    }
    return driver;
  }

  /** `options.prepare` has no BigQuery counterpart: every job is planned anew. */
  async query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const { client, principal } = this.principal(options.identity);
    return this.runToEnd(client, sql, params, undefined, options.signal).catch((error: unknown) => {
      throw this.translate(error, principal, options.signal);
    });
  }

  /**
   * Runs the job, then reads its results a page (`maxResults` rows) at a
   * time as the batches are consumed. The job slot is held only until the
   * job is done; results wait in BigQuery's temporary table meanwhile.
   */
  async stream(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<RowStream> {
    const { client, principal } = this.principal(options.identity);
    const translate = (error: unknown) => this.translate(error, principal, options.signal);
    const { job, first } = await this.withSlot(async () => {
      const job = await this.start(client, sql, params, undefined, options.signal);
      return { job, first: await cancellable(job, options.signal, readPage(job, undefined, STREAM_BATCH)) };
    }).catch((error: unknown) => {
      throw translate(error);
    });
    let stopped = false;
    const batches = (async function* () {
      let page = first;
      for (;;) {
        if (page.rows.length) yield page.rows;
        if (!page.pageToken || stopped) return;
        try {
          page = await cancellable(job, options.signal, readPage(job, page.pageToken, STREAM_BATCH));
        } catch (error) {
          throw translate(error);
        }
      }
    })();
    return {
      columns: first.columns,
      batches,
      close: async () => {
        stopped = true;
        await batches.return(undefined);
      },
    };
  }

  /**
   * One multi-statement transaction in a session: the first job opens the
   * session with `BEGIN TRANSACTION` (`createSession`), every statement
   * names it (`connectionProperties: session_id`), one at a time (a session
   * runs no two queries at once), then `COMMIT TRANSACTION`, or `ROLLBACK
   * TRANSACTION` when `work` or the COMMIT fails; the session is ended
   * either way (`BQ.ABORT_SESSION`, which also rolls back a transaction
   * left open). Mutating DML on one table is queued by BigQuery (a few
   * per table); the core already sends one write per table at a time, and
   * a transaction that still loses to a concurrent one fails with
   * DRV_TRANSACTION_CONFLICT, which the core retries.
   */
  async transaction<T>(work: (tx: TransactionRunner) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const { client, principal } = this.principal(options.identity);
    const translate = (error: unknown) => this.translate(error, principal, undefined);
    const begin = await this.withSlot(async () => {
      const job = await this.start(client, 'BEGIN TRANSACTION', [], { create: true }, undefined);
      await readPage(job);
      return sessionOf(job);
    }).catch((error: unknown) => {
      throw translate(error);
    });
    if (!begin) throw new AppError('DRV_QUERY_FAILED', 'BigQuery opened no session for the transaction; nothing was written.');
    const session = { id: begin };
    let queue: Promise<unknown> = Promise.resolve();
    const inSession = (sql: string, params: readonly unknown[] = []) => {
      const run = queue.then(() => this.runToEnd(client, sql, params, session, undefined));
      queue = run.catch(() => undefined);
      return run;
    };
    const tx: TransactionRunner = {
      dialect: this.dialect,
      query: (sql, params) =>
        warehouseCall(
          inSession(sql, params).catch((error: unknown) => {
            throw translate(error);
          }),
        ),
      useServiceIdentity: async () => {
        if (!options.identity) return;
        throw new AppError(
          'DRV_UNSUPPORTED',
          "BigQuery cannot switch a transaction from your Google identity to Roundtrip's (a session belongs to the principal that opened it), so the audit rows cannot be written with your changes; nothing was written. Ask an admin to write to BigQuery with the service identity.",
          { capability: 'roles' },
        );
      },
    };
    try {
      const result = await work(tx);
      await warehouseCall(inSession('COMMIT TRANSACTION'));
      return result;
    } catch (error) {
      await inSession('ROLLBACK TRANSACTION').catch(() => undefined);
      // What the transaction's own code threw (an application error, a bug) is not the warehouse's to translate.
      throw isWarehouseError(error) ? translate(error) : error;
    } finally {
      await inSession('CALL BQ.ABORT_SESSION()').catch(() => undefined);
    }
  }

  introspect() {
    return introspectBigquery(this, this.config.projectId, this.config.dataset);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.users.clear();
  }

  /** The client for `identity` (a user's token) or the service's own, and who that is for error translation. */
  private principal(identity: WarehouseIdentity | undefined): { client: BigQuery; principal: Principal } {
    if (this.closed) throw new AppError('DRV_CONNECTION', `The BigQuery driver for ${this.config.projectId}.${this.config.dataset} is closed.`);
    return identity ? { client: this.users.clientFor(identity), principal: 'user' } : { client: this.client, principal: 'service' };
  }

  private async runToEnd(
    client: BigQuery,
    sql: string,
    params: readonly unknown[],
    session: SessionUse,
    signal: AbortSignal | undefined,
  ): Promise<QueryResult> {
    return this.withSlot(async () => {
      const job = await this.start(client, sql, params, session, signal);
      let page = await cancellable(job, signal, readPage(job));
      const rows = [...page.rows];
      while (page.pageToken) {
        page = await cancellable(job, signal, readPage(job, page.pageToken));
        rows.push(...page.rows);
      }
      return { columns: page.columns, rows };
    });
  }

  private async start(client: BigQuery, sql: string, params: readonly unknown[], session: SessionUse, signal: AbortSignal | undefined): Promise<Job> {
    signal?.throwIfAborted();
    const job = await startJob(client, this.settings, sql, params, session);
    if (signal?.aborted) {
      void job.cancel().catch(() => undefined);
      throw abortError();
    }
    return job;
  }

  private async withSlot<T>(run: () => Promise<T>): Promise<T> {
    const slot = await this.slots.acquire();
    try {
      return await run();
    } finally {
      this.slots.release(slot);
    }
  }

  private translate(error: unknown, principal: Principal, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted || isAbortError(error)) return abortError();
    return translateBigqueryError(error, principal);
  }
}

function abortError(): DOMException {
  return new DOMException('The query was cancelled.', 'AbortError');
}

/**
 * Waits for `work` on `job`; aborting `signal` cancels the job (`jobs.cancel`)
 * and rejects at once with an AbortError, not waiting for BigQuery to stop it.
 */
function cancellable<T>(job: Job, signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      void job.cancel().catch(() => undefined);
      reject(abortError());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
