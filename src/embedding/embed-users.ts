import { AppError } from '../errors/index.js';
import type { IdentityStores } from '../governance/identity/identity-stores.js';
import { principalOf } from '../governance/identity/local-users.js';
import { fetchUser, insertUser, updateUser, type StoredUser } from '../governance/identity/user-store.js';
import type { Principal } from '../governance/principal.js';
import type { VerifiedEmbed } from './verify-embed-token.js';

/** Never an scrypt hash: no password matches an embedded viewer. */
export const EMBED_PASSWORD_HASH = 'embed';

/** The username of an embedding's viewer: the embedding name and the host's id, e.g. `portal:C042-jane`. */
export function embedUsername(embedding: string, subject: string): string {
  return `${embedding}:${subject}`;
}

/** What the embedded UI needs to show: the app and page the token opened, and the parameters it locks. */
export interface EmbedView {
  embedding: string;
  app: string;
  page: string | null;
  params: Record<string, unknown>;
  /** Every app the embedding shows: the only ones the viewer's session may reach. */
  apps: string[];
}

/**
 * The store user of an embedding's viewer (source `embed`), created at the
 * first token and refreshed from every later one: display name, roles and
 * attributes, which are the token's attributes plus its locked parameters
 * (so row policies read tenancy such as `user.company`) plus `embedding`.
 * Creation and changes are audited like single sign-on users. A locked
 * parameter that contradicts an attribute of the same name is refused.
 */
export async function signInEmbedUser(stores: IdentityStores, verified: VerifiedEmbed, now = Date.now()): Promise<{ principal: Principal; view: EmbedView }> {
  const { embedding, claims } = verified;
  for (const [name, value] of Object.entries(claims.params)) {
    if (name in claims.attributes && JSON.stringify(claims.attributes[name]) !== JSON.stringify(value)) {
      throw new AppError('EMBED_TOKEN_INVALID', `The token locks ${name} to a value its attributes contradict.`, { param: name });
    }
  }
  const view: EmbedView = { embedding, app: claims.app, page: claims.page ?? null, params: claims.params, apps: [...verified.config.apps] };
  const username = embedUsername(embedding, claims.sub);
  const fields = {
    displayName: claims.name ?? claims.sub,
    roles: [...new Set(claims.roles)],
    attributes: { ...claims.attributes, ...claims.params, ...(claims.email ? { email: claims.email } : {}), embedding, embed: view },
  };
  const principal = await stores.changeUsers(async (tx) => {
    const existing = await fetchUser(tx, username);
    if (existing && existing.source !== 'embed') {
      throw new AppError('EMBED_TOKEN_INVALID', `The viewer's username ${username} belongs to another user of this project.`, { username });
    }
    if (existing?.disabled) throw new AppError('EMBED_VIEWER_DISABLED', `An admin disabled ${username}.`, { username });
    if (!existing) {
      const user: StoredUser = {
        username,
        ...fields,
        passwordHash: EMBED_PASSWORD_HASH,
        disabled: false,
        source: 'embed',
        createdAt: now,
        updatedAt: now,
        configDigest: null,
      };
      if (!(await insertUser(tx, user))) throw new AppError('EMBED_TOKEN_INVALID', 'The viewer was created at the same moment; open the page again.');
      await stores.audit({ username, kind: 'user', target: username, oldValue: null, newValue: { action: 'embed-create', ...fields } }, now);
      return principalOf(user);
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((field) => JSON.stringify(fields[field]) !== JSON.stringify(existing[field]));
    if (changed.length) {
      const patch = Object.fromEntries(changed.map((field) => [field, fields[field]]));
      await updateUser(tx, username, patch, now);
    }
    return principalOf({ ...existing, ...fields });
  });
  return { principal, view };
}
