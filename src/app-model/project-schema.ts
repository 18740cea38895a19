import { z } from 'zod';
import { configText as text, fromEnv } from '../warehouse/config-values.js';
import { DEFAULT_SYSTEM_STORE, DEFAULT_WAREHOUSE, ENGINE_NAMES, systemStoreSchema, warehouseSchema } from '../warehouse/engines.js';
import { identifier } from './schema-parts.js';

const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

export const userSchema = z.strictObject({
  username: identifier.describe('Login name.'),
  displayName: z.string().min(1).optional(),
  passwordHash: z
    .string()
    .regex(/^scrypt\$/, 'must be an scrypt hash made by `roundtrip hash-password`, never a plain password')
    .describe('scrypt$N$r$p$salt$hash from `roundtrip hash-password`.'),
  roles: z.array(identifier).min(1).describe('Role names declared under roles.'),
  attributes: z.record(identifier, attributeValue).default({}).describe('Values policies read as user.<name>, e.g. entities.'),
});

export const sessionsSchema = z
  .strictObject({
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(480)
      .describe('A session ends this many minutes after its last request (default 480: 8 hours).'),
    absoluteHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(168)
      .describe('A session ends this many hours after login, whatever the activity (default 168: 7 days).'),
  })
  .default({ idleMinutes: 480, absoluteHours: 168 })
  .describe('Session expiry; read at start.');

/** Plain http is accepted only for a provider on this machine (development and tests). */
function isSecureIssuer(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

/** Authorization URL parameters the flow sets itself (OAuth 2.0, PKCE, OpenID Connect). */
const RESERVED_AUTHORIZATION_PARAMS = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

export const oidcSchema = z
  .strictObject({
    issuer: z
      .url()
      .refine(isSecureIssuer, 'use an https URL (plain http only for localhost or 127.0.0.1)')
      .describe('Issuer URL of the OpenID Connect provider; its discovery document is read from <issuer>/.well-known/openid-configuration.'),
    clientId: z.string().min(1).describe('Client id registered at the provider.'),
    clientSecret: text.optional().describe('Client secret; prefer { env: NAME }. Omit for a public client (PKCE only).'),
    redirectUri: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Callback registered at the provider; default <server origin>/api/auth/oidc/callback. Set it behind a proxy or load balancer.'),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope is one word without spaces or quotes'))
      .refine((scopes) => scopes.includes('openid'), 'include openid')
      .default(['openid', 'profile', 'email'])
      .describe(
        'Scopes requested at login (default openid profile email). A warehouse with identity mode user-token needs the scopes of its own API, and offline access for a refresh token (README: Running as the user).',
      ),
    authorizationParams: z
      .record(
        z
          .string()
          .regex(/^[a-z_]+$/, 'a parameter name in lower case, such as access_type')
          .refine((name) => !RESERVED_AUTHORIZATION_PARAMS.has(name), 'set by the sign-in flow itself; remove it'),
        z.string().max(200),
      )
      .default({})
      .describe('Extra query parameters of the authorization URL, e.g. access_type: offline and prompt: consent for a Google refresh token.'),
    usernameClaim: z.string().min(1).default('preferred_username').describe('Claim that becomes the username (falls back to sub when absent).'),
    displayNameClaim: z.string().min(1).default('name').describe('Claim shown as the display name.'),
    rolesClaim: z
      .string()
      .min(1)
      .default('roles')
      .describe(
        'Claim holding the provider roles or groups: an array or a space-separated string; a dotted path such as realm_access.roles reaches into objects.',
      ),
    roleMap: z
      .record(z.string().min(1), identifier)
      .refine((map) => Object.keys(map).length > 0, 'map at least one provider role to a Roundtrip role')
      .describe('Provider role (value of rolesClaim) → Roundtrip role. Other values are ignored; a user with no mapped role is refused.'),
    attributeClaims: z
      .record(identifier, z.string().min(1))
      .default({})
      .describe('Roundtrip attribute → claim name, e.g. entities: entities; read by policies as user.<attribute>.'),
    buttonLabel: z.string().min(1).max(80).default('Sign in with single sign-on').describe('Text of the login page button.'),
  })
  .describe('Single sign-on with an OpenID Connect provider (authorization code flow with PKCE).');

export const projectIdentitySchema = z.strictObject({ oidc: oidcSchema.optional() }).describe('Ways to sign in besides the local users.');

export const smtpSchema = z
  .strictObject({
    host: z.string().min(1).describe('SMTP server host name.'),
    port: z.number().int().min(1).max(65535).describe('SMTP port, e.g. 587 (STARTTLS) or 465 (TLS).'),
    secure: z.boolean().default(false).describe('true: TLS from the start (port 465); false: plain, upgraded with STARTTLS when the server offers it.'),
    user: z.string().min(1).optional().describe('Login name; omit when the server needs no authentication.'),
    password: fromEnv.optional().describe('Read from an environment variable at each send: { env: NAME }.'),
    from: z.string().min(3).describe('Sender address, e.g. "Roundtrip <roundtrip@example.com>".'),
  })
  .describe("Mail server for e-mail notifications (apps' notifications.email).");

export const serverSchema = z
  .strictObject({
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Address people open the UI at, e.g. https://bi.example.com; e-mails link to requests under it. Omitted: e-mails carry no link.'),
  })
  .describe('How the server is reached from outside.');

const origin = z
  .url({ protocol: /^https?$/ })
  .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), 'an origin: scheme, host and port, no path (e.g. https://app.example.com)')
  .transform((url) => new URL(url).origin);

export const embeddingSchema = z
  .strictObject({
    title: z.string().optional().describe('Who embeds (shown in the audit and the users list), e.g. "Benchmark Portal".'),
    secret: fromEnv.optional().describe('HS256: the shared secret, from an environment variable (at least 32 bytes).'),
    publicKey: z
      .union([fromEnv, z.strictObject({ file: z.string().min(1).describe('PEM file, relative to the project folder.') })])
      .optional()
      .describe('RS256/ES256: the public key (PEM, SPKI) the host signs for, from an environment variable or a file.'),
    jwksUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('RS256/ES256: the JWKS address of the host; keys are picked by the token header kid.'),
    origins: z.array(origin).min(1).describe('Pages that may frame the embedded apps (Content-Security-Policy frame-ancestors).'),
    apps: z.array(z.string().min(1)).min(1).describe('Apps the embedding may show.'),
    roles: z.array(identifier).min(1).describe('Roles a token may give its viewer (a token asking for another is refused).'),
    audience: z.string().min(1).default('roundtrip').describe('The aud claim tokens must carry.'),
    maxTokenMinutes: z.number().int().min(1).max(60).default(10).describe('Longest lifetime (exp − iat) accepted for a token.'),
  })
  .refine((e) => [e.secret, e.publicKey, e.jwksUrl].filter(Boolean).length === 1, 'give exactly one of secret, publicKey and jwksUrl')
  .describe('A product that embeds apps for its own users, with tokens its backend signs.');

const seedBlockSchema = z.strictObject({
  whenMissing: z.string().min(1).describe('Run the scripts when this table does not exist yet.'),
  scripts: z
    .union([z.array(z.string().min(1)).min(1), z.partialRecord(z.enum(ENGINE_NAMES), z.array(z.string().min(1)).min(1))])
    .describe('SQL files, relative to the project folder, run in order; or one list per warehouse type.'),
});

export const projectSchema = z.strictObject({
  name: z.string().min(1).describe('Project title shown in the UI.'),
  warehouse: warehouseSchema.default(DEFAULT_WAREHOUSE),
  systemStore: systemStoreSchema.default(DEFAULT_SYSTEM_STORE).describe('Where sessions and server state live.'),
  seed: z
    .union([seedBlockSchema, z.array(seedBlockSchema).min(1)])
    .optional()
    .describe('Data generated on first start (demo projects): one block, or a list of blocks each checked and run on its own.'),
  audit: z
    .strictObject({
      schema: identifier.default('roundtrip_audit').describe('Warehouse schema holding the audit tables.'),
      activityRoles: z.array(identifier).min(1).default(['admin']).describe('Roles that may open the built-in activity app.'),
    })
    .default({ schema: 'roundtrip_audit', activityRoles: ['admin'] }),
  roles: z
    .record(identifier, z.strictObject({ description: z.string().optional() }))
    .refine((roles) => Object.keys(roles).length > 0, 'declare at least one role')
    .describe('Role names apps and policies refer to.'),
  users: z.array(userSchema).default([]).describe('Local users of the embedded identity store.'),
  sessions: sessionsSchema,
  identity: projectIdentitySchema.optional(),
  smtp: smtpSchema.optional(),
  server: serverSchema.optional(),
  embeddings: z
    .record(identifier, embeddingSchema)
    .default({})
    .describe('Products embedding apps with signed tokens: /embed/<app>/<page>?token=… (see README, Embedding).'),
});

export type ProjectConfig = z.infer<typeof projectSchema>;
export type UserConfig = z.infer<typeof userSchema>;
export type { SystemStoreConfig, WarehouseProjectConfig } from '../warehouse/engines.js';
export type { IdentityConfig } from '../warehouse/engines.js';
export type SessionsConfig = z.infer<typeof sessionsSchema>;
export type OidcConfig = z.infer<typeof oidcSchema>;
export type EmbeddingConfig = z.infer<typeof embeddingSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;
