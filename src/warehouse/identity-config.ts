import { z } from 'zod';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'use letters, digits and _ only, starting with a letter or _');

/**
 * The `identity:` block of warehouses that can run statements as the user
 * (PostgreSQL, Snowflake, SQL Server): which warehouse role each Roundtrip
 * role maps to, and the settings that carry the user's claims.
 */
export const identitySchema = z
  .strictObject({
    mode: z
      .enum(['service', 'passthrough'])
      .default('service')
      .describe(
        "service: one connection role, Roundtrip policies only. passthrough: every read and write runs as the user's own warehouse role (PostgreSQL role, Snowflake role, SQL Server database user) with their claims.",
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

/**
 * The `identity:` block of warehouses that run statements with the user's own
 * OAuth access token (BigQuery, Databricks): the token of their single sign-on
 * login (identity.oidc), kept sealed with their session and refreshed.
 */
export const userTokenIdentitySchema = z
  .strictObject({
    mode: z
      .enum(['service', 'user-token'])
      .default('service')
      .describe(
        "service: the connection's own credentials, Roundtrip policies only. user-token: every read and write runs with the user's own OAuth access token from their single sign-on (identity.oidc), so the warehouse's grants and row policies apply to them; Roundtrip's audit rows are written with the connection's credentials.",
      ),
  })
  .default({ mode: 'service' });
