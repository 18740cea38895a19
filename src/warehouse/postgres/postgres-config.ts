import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readConfigText } from '../config-values.js';
import type { PostgresConfig } from './postgres-driver.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');

const postgresConnection = {
  host: configText.default('127.0.0.1'),
  port: z.union([z.number().int().min(1).max(65535), fromEnv]).default(5432),
  database: configText,
  user: configText.describe('Login role. In passthrough mode: a NOINHERIT role that is a member of the business roles.'),
  password: configText.optional().describe('Prefer { env: NAME } over an inline password.'),
  ssl: z
    .union([
      z.boolean(),
      z.strictObject({
        caFile: configText.describe(
          "PEM file of the certificate authority that signed the server's certificate (relative to the project folder), e.g. Supabase's root certificate.",
        ),
      }),
    ])
    .default(false)
    .describe(
      "TLS, always with the server's certificate verified: true against the system's certificate authorities, { caFile } against that one. The host name must match the certificate.",
    ),
  poolSize: z.number().int().min(1).max(200).default(10),
  statementTimeoutMs: z.number().int().min(100).default(30_000),
};

export const identitySchema = z
  .strictObject({
    mode: z
      .enum(['service', 'passthrough'])
      .default('service')
      .describe(
        "service: one connection role, Roundtrip policies only. passthrough: every read and write runs as the user's own database role with their claims.",
      ),
    roles: z.record(identifier, z.string().min(1)).default({}).describe('Roundtrip role → warehouse role, first match in this order wins.'),
    defaultRole: z.string().min(1).optional().describe('Warehouse role for users none of whose roles is mapped.'),
    claimsSetting: z
      .string()
      .regex(/^[a-z_]+\.[a-z_.]+$/, 'a custom setting name such as roundtrip.claims or request.jwt.claims')
      .default('roundtrip.claims'),
    userIdSetting: z
      .string()
      .regex(/^[a-z_]+\.[a-z_.]+$/, 'a custom setting name such as roundtrip.user_id')
      .default('roundtrip.user_id'),
    subjectAttribute: z
      .string()
      .min(1)
      .optional()
      .describe(
        "User attribute whose value is the claims' sub (e.g. each user's auth.users id, for Supabase's auth.uid()); default: the Roundtrip user id. A user without it gets sub null.",
      ),
  })
  .default({ mode: 'service', roles: {}, claimsSetting: 'roundtrip.claims', userIdSetting: 'roundtrip.user_id' });

export const postgresWarehouseSchema = z.strictObject({
  type: z.literal('postgres').describe('PostgreSQL or Supabase.'),
  ...postgresConnection,
  identity: identitySchema,
});

export const postgresSystemStoreSchema = z
  .strictObject({ type: z.literal('postgres'), ...postgresConnection })
  .describe('Shared by several servers behind a load balancer; change events fan out through LISTEN/NOTIFY.');

type PostgresConnectionConfig = z.infer<typeof postgresSystemStoreSchema>;

/** Host, port, database and user from the config or the environment; a TLS certificate authority read from the project folder. */
export function resolvePostgresConnection(config: PostgresConnectionConfig, context: ConnectionContext): PostgresConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  const port = typeof config.port === 'number' ? config.port : Number(read(config.port, 'port'));
  if (!Number.isInteger(port)) throw new AppError('CFG_INVALID', 'roundtrip.yaml: port must be a whole number.', { field: 'port' });
  return {
    host: read(config.host, 'host'),
    port,
    database: read(config.database, 'database'),
    user: read(config.user, 'user'),
    password: config.password === undefined ? undefined : read(config.password, 'password'),
    ssl: typeof config.ssl === 'boolean' ? config.ssl : { ca: readCertificate(resolve(context.projectDir, read(config.ssl.caFile, 'ssl.caFile'))) },
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}

function readCertificate(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'CFG_INVALID',
      `roundtrip.yaml: ssl.caFile ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      { field: 'ssl.caFile' },
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new AppError('CFG_INVALID', `roundtrip.yaml: ssl.caFile ${path} holds no PEM certificate.`, { field: 'ssl.caFile' });
  return pem;
}
