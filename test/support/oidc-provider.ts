import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';
import { parseDocument } from 'yaml';
import { DEMO_DIR } from './test-server.js';

/** A person known to the test provider: what they type on its login page and the claims it then issues. */
export interface OidcTestAccount {
  login: string;
  password: string;
  /** Claims besides `sub` (the account id); `roles` and `entities` are issued with the `roundtrip` scope. */
  claims: Record<string, unknown>;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>, the issuer identifier. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by login; change an account's claims to see them at its next login. */
  accounts: Map<string, OidcTestAccount>;
  /**
   * Registers the relying party (confidential client, PKCE S256 required).
   * Called once the Roundtrip server listens, as its callback URL holds its
   * port; the provider answers 503 until then.
   */
  registerClient(redirectUri: string): void;
  /** The access tokens the provider issued to an account and still holds, oldest first. */
  accessTokensOf(accountId: string): string[];
  /** Forgets every refresh token of an account, as a provider does when the grant is revoked. */
  revokeRefreshTokens(accountId: string): void;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  /** Lifetime of access tokens, seconds (default 600). */
  accessTokenTtl?: number;
  /** Issues refresh tokens with every code (the client may use the refresh_token grant). */
  refreshTokens?: boolean;
}

/** The scope that carries the Roundtrip-specific claims. */
export const ROUNDTRIP_SCOPE = 'roundtrip';

/**
 * Starts a real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 with
 * its own login and consent pages: a form with username and password checked
 * against `accounts`, then an "Allow" button, both with a Cancel button that
 * answers the client with `access_denied`.
 */
export async function startOidcProvider(accounts: OidcTestAccount[], options: OidcProviderOptions = {}): Promise<TestOidcProvider> {
  const state = new Map<string, AdapterPayload>();
  const ofModel = (model: string, accountId: string) =>
    [...state.entries()].filter(([key, payload]) => key.startsWith(`${model}:`) && payload.accountId === accountId);
  const byLogin = new Map(accounts.map((account) => [account.login, account]));
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (!provider || !handle) return send(res, 503, 'The provider has no client yet.');
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, byLogin, req, res).catch((error: unknown) => send(res, 500, `Interaction failed: ${String(error)}`));
    } else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'roundtrip';
  const clientSecret = randomBytes(24).toString('base64url');

  return {
    issuer,
    clientId,
    clientSecret,
    accounts: byLogin,
    accessTokensOf: (accountId) =>
      ofModel('AccessToken', accountId)
        .sort(([, a], [, b]) => Number(a.iat) - Number(b.iat))
        .map(([key]) => key.slice('AccessToken:'.length)),
    revokeRefreshTokens(accountId) {
      for (const [key] of ofModel('RefreshToken', accountId)) state.delete(key);
    },
    registerClient(redirectUri) {
      const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
      provider = new Provider(issuer, {
        adapter: (model: string) => new MemoryAdapter(state, model),
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            grant_types: options.refreshTokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [randomBytes(32).toString('base64url')] },
        pkce: { methods: ['S256'], required: () => true },
        ...(options.refreshTokens ? { issueRefreshToken: async () => true } : {}),
        ttl: {
          AccessToken: options.accessTokenTtl ?? 600,
          RefreshToken: 3600,
          AuthorizationCode: 60,
          Grant: 3600,
          IdToken: 600,
          Interaction: 600,
          Session: 3600,
        },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], [ROUNDTRIP_SCOPE]: ['roles', 'entities'] },
        scopes: ['openid', 'profile', 'email', ROUNDTRIP_SCOPE],
        findAccount: (_ctx, id) => {
          const account = byLogin.get(id);
          return account ? { accountId: id, claims: () => ({ sub: id, ...account.claims }) } : undefined;
        },
      });
      handle = provider.callback();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The login and consent pages, like a person meets them at a real provider. */
async function interaction(provider: Provider, accounts: Map<string, OidcTestAccount>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, , uid, action] = (req.url ?? '').split('?')[0]!.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'Unknown interaction.');
  if (req.method === 'GET') {
    return send(res, 200, details.prompt.name === 'login' ? loginPage(uid) : consentPage(uid, String(details.params.client_id), String(details.params.scope)));
  }
  const form = new URLSearchParams(await readBody(req));
  if (action === 'abort') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  } else if (action === 'login') {
    const account = accounts.get(form.get('username') ?? '');
    if (!account || account.password !== form.get('password')) return send(res, 200, loginPage(uid, 'Wrong username or password.'));
    await provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
  } else if (action === 'confirm') {
    const { session, params, prompt } = details;
    const grant = new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    const missingScope = prompt.details.missingOIDCScope as string[] | undefined;
    if (missingScope) grant.addOIDCScope(missingScope.join(' '));
    const missingClaims = prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  } else send(res, 404, 'Unknown action.');
}

function loginPage(uid: string, error?: string): string {
  return page(
    'Sign in to Test Identity',
    `<form method="post" action="/interaction/${uid}/login">
      <label>Username <input name="username" autocomplete="username" autofocus></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      ${error ? `<p role="alert">${error}</p>` : ''}
      <button type="submit">Sign in</button>
    </form>
    <form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`,
  );
}

function consentPage(uid: string, clientId: string, scope: string): string {
  return page(
    'Allow access',
    `<p>${escapeHtml(clientId)} asks for: ${escapeHtml(scope)}</p>
    <form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>
    <form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The provider's state (sessions, interactions, codes, grants) in memory; one adapter per model over one map. */
class MemoryAdapter implements Adapter {
  constructor(
    private readonly entries: Map<string, AdapterPayload>,
    private readonly model: string,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    this.entries.set(this.key(id), payload);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.entries.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...this.entries.entries()].find(([key, p]) => key.startsWith(`${this.model}:`) && p.uid === uid)?.[1];
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return [...this.entries.entries()].find(([key, p]) => key.startsWith(`${this.model}:`) && p.userCode === userCode)?.[1];
  }

  async consume(id: string): Promise<void> {
    const payload = this.entries.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, payload] of this.entries) if (payload.grantId === grantId) this.entries.delete(key);
  }
}

export interface OidcProjectOptions {
  /** Keys merged into identity.oidc (e.g. a different roleMap). */
  oidc?: Record<string, unknown>;
}

/**
 * A copy of the demo project whose roundtrip.yaml signs in with `provider`:
 * provider role `rt-partners` → finance_partner, `rt-directors` →
 * finance_director, `rt-admins` → admin, and the `entities` claim → the
 * `entities` attribute. The redirect URI is left to its default.
 */
export function writeOidcProject(provider: TestOidcProvider, options: OidcProjectOptions = {}): { dir: string; remove(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'roundtrip-oidc-')), 'project');
  cpSync(DEMO_DIR, dir, { recursive: true, filter: (source) => !/[\\/]\.data([\\/]|$)/.test(source) });
  const file = join(dir, 'roundtrip.yaml');
  const document = parseDocument(readFileSync(file, 'utf8'));
  document.setIn(['identity', 'oidc'], {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: ['openid', 'profile', 'email', ROUNDTRIP_SCOPE],
    roleMap: { 'rt-partners': 'finance_partner', 'rt-directors': 'finance_director', 'rt-admins': 'admin' },
    attributeClaims: { entities: 'entities' },
    buttonLabel: 'Sign in with Test Identity',
    ...options.oidc,
  });
  writeFileSync(file, document.toString());
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}
