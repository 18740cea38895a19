import { z } from 'zod';
import { userSchema } from '../app-model/project-schema.js';

/** Responses of the user administration and API token routes (admin-routes.ts, token-routes.ts). */

export const adminUserSchema = z.strictObject({
  username: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.string()),
  attributes: userSchema.shape.attributes.unwrap(),
  disabled: z.boolean(),
  source: z
    .enum(['config', 'admin', 'oidc', 'embed'])
    .describe(
      'config: declared in roundtrip.yaml; admin: created over the API; oidc: first signed in with single sign-on; embed: a viewer of an embedding (embeddings.<name>).',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const adminUserListSchema = z.strictObject({ users: z.array(adminUserSchema) });
export const adminUserResponseSchema = z.strictObject({ user: adminUserSchema });

export const declaredRolesSchema = z.strictObject({
  roles: z
    .array(z.strictObject({ name: z.string(), description: z.string().nullable() }))
    .describe('The roles of roundtrip.yaml: the only roles a user may be given.'),
});

export const adminChangeSchema = z.strictObject({
  changeId: z.string(),
  changedAt: z.string(),
  username: z.string().describe('Who made the change.'),
  kind: z.enum(['user', 'token', 'app', 'project']),
  target: z.string(),
  oldValue: z.record(z.string(), z.unknown()).nullable(),
  newValue: z.record(z.string(), z.unknown()).nullable(),
});

export const adminChangesSchema = z.strictObject({ changes: z.array(adminChangeSchema) });

export const apiTokenSchema = z.strictObject({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  apps: z.array(z.string()).describe('App names, or ["*"] for every app the user may open.'),
  access: z.enum(['read', 'write']),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const tokenListSchema = z.strictObject({ tokens: z.array(apiTokenSchema) });
export const tokenResponseSchema = z.strictObject({ token: apiTokenSchema });
export const createdTokenSchema = z.strictObject({
  token: apiTokenSchema,
  secret: z.string().describe('rt_<id>_<secret>: returned this once, only its hash is stored.'),
});
