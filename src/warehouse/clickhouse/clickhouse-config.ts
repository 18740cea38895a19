import { z } from 'zod';
import { resolve } from 'node:path';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, readConfigText } from '../config-values.js';
import type { ClickhouseConfig } from './clickhouse-driver.js';

const databaseName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');

export const clickhouseWarehouseSchema = z
  .strictObject({
    type: z.literal('clickhouse').describe('ClickHouse: a server (url), or the in-process engine (path) when the chdb package is installed.'),
    url: configText.optional().describe('Server address, e.g. https://host:8443 (TLS) or { env: CLICKHOUSE_URL }.'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        'In-process engine folder, relative to the data folder (needs the chdb package). One process runs one engine folder; projects sharing it keep apart by database.',
      ),
    database: databaseName.default('default').describe('Database unqualified tables live in.'),
    username: configText.optional(),
    password: configText.optional().describe('Prefer { env: NAME } over an inline password.'),
    poolSize: z.number().int().min(1).max(200).default(10),
    statementTimeoutMs: z.number().int().min(100).default(30_000),
  })
  .refine((c) => (c.url === undefined) !== (c.path === undefined), {
    message: 'give either url (a ClickHouse server) or path (the in-process engine), not both',
  });

type ClickhouseProjectConfig = z.infer<typeof clickhouseWarehouseSchema>;

/** A server address and login from the config or the environment; an engine folder inside the data folder. */
export function resolveClickhouseConnection(config: ClickhouseProjectConfig, context: ConnectionContext): ClickhouseConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  const url = config.url === undefined ? undefined : read(config.url, 'url');
  if (url !== undefined && !/^https?:\/\//.test(url)) {
    throw new AppError('CFG_INVALID', 'roundtrip.yaml: warehouse.url must start with https:// (or http:// on a trusted network).', { field: 'url' });
  }
  return {
    ...(url ? { url } : { path: resolve(context.dataDir, config.path!) }),
    database: config.database,
    username: config.username === undefined ? undefined : read(config.username, 'username'),
    password: config.password === undefined ? undefined : read(config.password, 'password'),
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}
