import type { BigQuery, Job, Query, QueryResultsOptions } from '@google-cloud/bigquery';
import type { ResultColumn, Row } from '../driver.js';
import { type BigqueryField, bigqueryCell, bigqueryFieldType } from './bigquery-types.js';

/** What every job of one driver runs with. */
export interface JobSettings {
  projectId: string;
  /** Unqualified tables resolve here (`defaultDataset`). */
  dataset: string;
  location?: string;
  /** `jobTimeoutMs`: BigQuery cancels a job running longer. */
  statementTimeoutMs: number;
  maximumBytesBilled?: number;
}

/** Where a job runs: on its own, opening a session (`createSession`), or inside one (`session_id`). */
export type SessionUse = { create: true } | { id: string } | undefined;

/**
 * Positional values as the named parameters `p1`, `p2`, … the dialect's
 * `@pN` placeholders name, each with an explicit type: BigQuery needs the
 * type of a NULL, and explicit types keep the client from guessing. Text
 * and NULL bind as STRING (typed values are cast inside SQL), integers and
 * bigints as INT64 (LIMIT/OFFSET take nothing else), other numbers as
 * FLOAT64, booleans as BOOL, dates as TIMESTAMP; numbers travel as their
 * decimal text, so no 64-bit value is rounded.
 */
export function bindParams(values: readonly unknown[]): { params: Record<string, unknown>; types: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  values.forEach((value, i) => {
    const name = `p${i + 1}`;
    if (typeof value === 'bigint') [params[name], types[name]] = [value.toString(), 'INT64'];
    else if (typeof value === 'number') [params[name], types[name]] = [String(value), Number.isInteger(value) ? 'INT64' : 'FLOAT64'];
    else if (typeof value === 'boolean') [params[name], types[name]] = [value, 'BOOL'];
    else if (value instanceof Date) [params[name], types[name]] = [value, 'TIMESTAMP'];
    else if (value === null || value === undefined) [params[name], types[name]] = [null, 'STRING'];
    else [params[name], types[name]] = [typeof value === 'string' ? value : JSON.stringify(value), 'STRING'];
  });
  return { params, types };
}

/** Starts one query job (`jobs.insert`); the statement runs in BigQuery while the caller waits for its results. */
export async function startJob(client: BigQuery, settings: JobSettings, sql: string, values: readonly unknown[], session: SessionUse): Promise<Job> {
  const { params, types } = bindParams(values);
  const request: Query = {
    query: sql,
    useLegacySql: false,
    defaultDataset: { projectId: settings.projectId, datasetId: settings.dataset },
    jobTimeoutMs: settings.statementTimeoutMs,
    labels: { app: 'roundtrip' },
    ...(values.length ? { params, types } : {}),
    ...(settings.location ? { location: settings.location } : {}),
    ...(settings.maximumBytesBilled ? { maximumBytesBilled: String(settings.maximumBytesBilled) } : {}),
    ...(session && 'create' in session ? { createSession: true } : {}),
    ...(session && 'id' in session ? { connectionProperties: [{ key: 'session_id', value: session.id }] } : {}),
  };
  const [job] = await client.createQueryJob(request);
  return job;
}

/** One page of a job's results. */
export interface ResultPage {
  columns: ResultColumn[];
  rows: Row[];
  /** The next page's token; absent on the last page. */
  pageToken?: string;
}

/**
 * Waits for the job and reads one page of its results (`jobs.getQueryResults`,
 * which answers `jobComplete: false` while the job runs: asked again until
 * it is done). Rows are read raw (`skipParsing`): the client would turn
 * INT64 into JavaScript numbers and NUMERIC into `Big` values; the raw text
 * is mapped exactly by `bigqueryCell`. Timestamps come as microseconds
 * (`formatOptions.useInt64Timestamp`). A DML statement has no schema: no
 * columns, no rows.
 */
export async function readPage(job: Job, pageToken?: string, maxResults?: number): Promise<ResultPage> {
  for (;;) {
    const options: QueryResultsOptions = {
      autoPaginate: false,
      skipParsing: true,
      'formatOptions.useInt64Timestamp': true,
      ...(pageToken ? { pageToken } : {}),
      ...(maxResults ? { maxResults } : {}),
    };
    const [rows, , response] = await job.getQueryResults(options);
    if (response && 'jobComplete' in response && response.jobComplete === false) continue;
    const fields = (response?.schema?.fields ?? []) as BigqueryField[];
    const columns = fields.map((f, i) => ({ name: f.name ?? `f${i}`, type: bigqueryFieldType(f) }));
    const mapped = (rows as unknown as { f: { v?: unknown }[] }[]).map((row) => {
      const out: Row = {};
      fields.forEach((field, i) => (out[columns[i]!.name] = bigqueryCell(field, row.f[i]?.v)));
      return out;
    });
    const next = response && 'pageToken' in response ? response.pageToken : undefined;
    return { columns, rows: mapped, ...(next ? { pageToken: next } : {}) };
  }
}

/** The session a job opened (`statistics.sessionInfo.sessionId`), from the job resource once it is done. */
export async function sessionOf(job: Job): Promise<string | undefined> {
  const known = job.metadata?.statistics?.sessionInfo?.sessionId;
  if (known) return known;
  const [metadata] = await job.getMetadata();
  return metadata?.statistics?.sessionInfo?.sessionId ?? undefined;
}
