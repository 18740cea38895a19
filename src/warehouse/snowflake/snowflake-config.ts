import { resolve } from 'node:path';
import { z } from 'zod';
import { configText, type ConfigText, type ConnectionContext, fromEnv, readConfigText, readPemFile } from '../config-values.js';
import { identitySchema } from '../identity-config.js';
import type { SnowflakeAuth, SnowflakeConfig } from './snowflake-driver.js';

/** A secret: only ever read from the environment, never written in roundtrip.yaml. */
const secret = (what: string) =>
  z
    .strictObject(fromEnv.shape, {
      error: (issue) => (issue.code === 'invalid_type' ? `${what} is read from the environment: write { env: NAME }, never the secret itself.` : undefined),
    })
    .describe(`${what}, as { env: NAME }: secrets are never written inline.`);

const authenticator = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('password').describe('Snowflake user and password.'),
    password: secret('The password'),
  }),
  z.strictObject({
    type: z.literal('keyPair').describe('Key pair authentication (SNOWFLAKE_JWT): the user has the matching RSA public key.'),
    privateKeyFile: z.string().min(1).describe('PEM file of the private key (PKCS#8), relative to the project folder.'),
    passphrase: secret('Passphrase of an encrypted private key').optional(),
  }),
  z.strictObject({
    type: z.literal('oauth').describe('An OAuth access token from an OAuth integration.'),
    token: secret('The access token'),
  }),
]);

export const snowflakeWarehouseSchema = z.strictObject({
  type: z.literal('snowflake').describe('Snowflake, through the snowflake-sdk client (HTTPS, always TLS).'),
  account: configText.describe('Account identifier, e.g. myorg-myaccount (the host name before .snowflakecomputing.com).'),
  username: configText.describe('Login name of the service user. In passthrough mode every mapped role must be granted to it.'),
  authenticator: authenticator.describe('How the service user logs in: password, keyPair or oauth.'),
  warehouse: configText.describe('Virtual warehouse that runs the statements.'),
  database: configText.describe('Database whose schemas Roundtrip reads and writes.'),
  schema: configText.default('PUBLIC').describe('Schema unqualified tables live in. Unquoted names are stored upper case (public is PUBLIC).'),
  role: configText.optional().describe("The service identity's role; default: the user's default role."),
  poolSize: z.number().int().min(1).max(200).default(10).describe('Sessions kept open at most.'),
  statementTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .default(30_000)
    .describe('Statements running longer are cancelled (STATEMENT_TIMEOUT_IN_SECONDS, whole seconds).'),
  identity: identitySchema.describe(
    "passthrough: statements run under the user's mapped Snowflake role (USE ROLE, secondary roles off), its settings as session variables (roundtrip.claims is $ROUNDTRIP_CLAIMS).",
  ),
});

type SnowflakeProjectConfig = z.infer<typeof snowflakeWarehouseSchema>;

/** Names and secrets read from the config or the environment; a private key read from the project folder. */
export function resolveSnowflakeConnection(config: SnowflakeProjectConfig, context: ConnectionContext): SnowflakeConfig {
  const read = (value: ConfigText, field: string) => readConfigText(value, field, context.env);
  return {
    account: read(config.account, 'account'),
    username: read(config.username, 'username'),
    auth: resolveAuth(config.authenticator, context),
    warehouse: read(config.warehouse, 'warehouse'),
    database: read(config.database, 'database'),
    schema: read(config.schema, 'schema'),
    role: config.role === undefined ? undefined : read(config.role, 'role'),
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
  };
}

function resolveAuth(auth: SnowflakeProjectConfig['authenticator'], context: ConnectionContext): SnowflakeAuth {
  switch (auth.type) {
    case 'password':
      return { kind: 'password', password: readConfigText(auth.password, 'authenticator.password', context.env) };
    case 'oauth':
      return { kind: 'oauth', token: readConfigText(auth.token, 'authenticator.token', context.env) };
    case 'keyPair':
      return {
        kind: 'keyPair',
        privateKey: readPrivateKey(resolve(context.projectDir, auth.privateKeyFile)),
        passphrase: auth.passphrase === undefined ? undefined : readConfigText(auth.passphrase, 'authenticator.passphrase', context.env),
      };
  }
}

/**
 * The live test runner's connection, from the environment:
 * - `ROUNDTRIP_SNOWFLAKE_ACCOUNT`: account identifier (required)
 * - `ROUNDTRIP_SNOWFLAKE_USERNAME`: login name (required)
 * - `ROUNDTRIP_SNOWFLAKE_PASSWORD`: password, or
 * - `ROUNDTRIP_SNOWFLAKE_PRIVATE_KEY_FILE`: PEM private key file (absolute), with
 *   `ROUNDTRIP_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE` when encrypted, or
 * - `ROUNDTRIP_SNOWFLAKE_TOKEN`: OAuth access token (one of the three is required)
 * - `ROUNDTRIP_SNOWFLAKE_WAREHOUSE`, `ROUNDTRIP_SNOWFLAKE_DATABASE`: required
 * - `ROUNDTRIP_SNOWFLAKE_SCHEMA`: default PUBLIC
 * - `ROUNDTRIP_SNOWFLAKE_ROLE`: optional service role
 */
export function snowflakeLiveConfigFromEnv(env: NodeJS.ProcessEnv): { config: SnowflakeConfig } | { missing: string[] } {
  const get = (name: string) => (env[`ROUNDTRIP_SNOWFLAKE_${name}`] ? env[`ROUNDTRIP_SNOWFLAKE_${name}`] : undefined);
  const missing = ['ACCOUNT', 'USERNAME', 'WAREHOUSE', 'DATABASE'].filter((name) => !get(name)).map((name) => `ROUNDTRIP_SNOWFLAKE_${name}`);
  const keyFile = get('PRIVATE_KEY_FILE');
  const password = get('PASSWORD');
  const token = get('TOKEN');
  if (!keyFile && !password && !token) missing.push('ROUNDTRIP_SNOWFLAKE_PASSWORD (or ROUNDTRIP_SNOWFLAKE_PRIVATE_KEY_FILE, or ROUNDTRIP_SNOWFLAKE_TOKEN)');
  if (missing.length) return { missing };
  const auth: SnowflakeAuth = keyFile
    ? { kind: 'keyPair', privateKey: readPrivateKey(keyFile), passphrase: get('PRIVATE_KEY_PASSPHRASE') }
    : password
      ? { kind: 'password', password }
      : { kind: 'oauth', token: token! };
  return {
    config: {
      account: get('ACCOUNT')!,
      username: get('USERNAME')!,
      auth,
      warehouse: get('WAREHOUSE')!,
      database: get('DATABASE')!,
      schema: get('SCHEMA') ?? 'PUBLIC',
      role: get('ROLE'),
    },
  };
}

/** A PKCS#8 private key file (encrypted or not). */
const readPrivateKey = (path: string) =>
  readPemFile(path, 'authenticator.privateKeyFile', /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/, 'PEM private key (PKCS#8)');
