import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readConfigText } from '../config-values.js';
import type { BigqueryConfig } from './bigquery-driver.js';
import { userTokenIdentitySchema } from '../identity-config.js';

/** Dataset names: letters, digits and underscores (BigQuery's naming rules), at most 1,024. */
const datasetName = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,1024}$/, 'use letters, digits and _ only')
  .describe('Dataset unqualified tables live in (the default schema): tables are dataset.table.');

/** Project ids: 6 to 30 lower-case letters, digits and hyphens, starting with a letter (a domain-scoped `example.com:project` too). */
const projectId = z.union([z.string().regex(/^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a Google Cloud project id such as my-project-123'), fromEnv]);

export const bigqueryWarehouseSchema = z
  .strictObject({
    type: z.literal('bigquery').describe('Google BigQuery, through the official client over HTTPS (TLS always on).'),
    projectId: projectId.describe('Google Cloud project that runs (and is billed for) the jobs, e.g. my-project-123 or { env: BIGQUERY_PROJECT }.'),
    dataset: datasetName,
    location: z
      .string()
      .min(2)
      .optional()
      .describe("Where jobs run, the dataset's location (e.g. US, EU, europe-west3); default: BigQuery picks it from the tables."),
    keyFile: configText
      .optional()
      .describe(
        'Service account key file (JSON), relative to the project folder, or { env: GOOGLE_APPLICATION_CREDENTIALS } naming it. Never commit the file. Give this or applicationDefaultCredentials.',
      ),
    applicationDefaultCredentials: z
      .literal(true)
      .optional()
      .describe(
        "true: Google's Application Default Credentials (the attached service account on Google Cloud, or gcloud auth application-default login locally). Give this or keyFile.",
      ),
    poolSize: z.number().int().min(1).max(200).default(10).describe('Jobs running at once, at most.'),
    statementTimeoutMs: z.number().int().min(100).default(30_000).describe("Each job's timeout (jobTimeoutMs): BigQuery cancels a job running longer."),
    maximumBytesBilled: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Jobs that would bill more bytes fail without running (maximumBytesBilled); default: no limit.'),
    identity: userTokenIdentitySchema.describe(
      "user-token: jobs run with the user's own Google access token (sign-in with Google, identity.oidc, scope https://www.googleapis.com/auth/bigquery), so IAM and row-level access policies apply to them. Writes then take the journaled strategy: the user's statements and Roundtrip's audit rows cannot share a BigQuery session.",
    ),
  })
  .refine((c) => (c.keyFile === undefined) !== (c.applicationDefaultCredentials === undefined), {
    message: 'give either keyFile (a service account key file) or applicationDefaultCredentials: true, not both',
  });

type BigqueryProjectConfig = z.infer<typeof bigqueryWarehouseSchema>;

/** The project id from the config or the environment; a service account key read from its file in the project folder. */
export function resolveBigqueryConnection(config: BigqueryProjectConfig, context: ConnectionContext): BigqueryConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  return {
    projectId: read(config.projectId, 'projectId'),
    dataset: config.dataset,
    location: config.location,
    userTokens: config.identity.mode === 'user-token',
    credentials: config.keyFile === undefined ? undefined : readServiceAccountKey(resolve(context.projectDir, read(config.keyFile, 'keyFile'))),
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    maximumBytesBilled: config.maximumBytesBilled,
  };
}

/** The two fields of a service account key the client signs its token requests with. */
export function readServiceAccountKey(path: string): { client_email: string; private_key: string } {
  let key: unknown;
  try {
    key = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'is not JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    throw new AppError('CFG_INVALID', `roundtrip.yaml: warehouse.keyFile ${path} ${why}.`, { field: 'keyFile' });
  }
  const { type, client_email: email, private_key: privateKey } = (key ?? {}) as Record<string, unknown>;
  if (type !== 'service_account' || typeof email !== 'string' || typeof privateKey !== 'string') {
    throw new AppError(
      'CFG_INVALID',
      `roundtrip.yaml: warehouse.keyFile ${path} is not a service account key (type service_account, client_email, private_key).`,
      {
        field: 'keyFile',
      },
    );
  }
  return { client_email: email, private_key: privateKey };
}

/**
 * The live test runner's BigQuery, from the environment:
 * - `ROUNDTRIP_BIGQUERY_PROJECT` (required): the project id.
 * - `ROUNDTRIP_BIGQUERY_DATASET` (required): a dataset the runner may create tables in.
 * - `ROUNDTRIP_BIGQUERY_KEY_FILE`: a service account key file; absent, Application Default Credentials.
 * - `ROUNDTRIP_BIGQUERY_LOCATION`: the dataset's location (e.g. EU).
 */
export function bigqueryLiveConfigFromEnv(env: NodeJS.ProcessEnv): { config: BigqueryConfig } | { missing: string[] } {
  const missing = ['ROUNDTRIP_BIGQUERY_PROJECT', 'ROUNDTRIP_BIGQUERY_DATASET'].filter((name) => !env[name]);
  if (missing.length) return { missing };
  const keyFile = env.ROUNDTRIP_BIGQUERY_KEY_FILE;
  return {
    config: {
      projectId: env.ROUNDTRIP_BIGQUERY_PROJECT!,
      dataset: env.ROUNDTRIP_BIGQUERY_DATASET!,
      location: env.ROUNDTRIP_BIGQUERY_LOCATION || undefined,
      credentials: keyFile ? readServiceAccountKey(resolve(keyFile)) : undefined,
      poolSize: 10,
      statementTimeoutMs: 120_000,
    },
  };
}
