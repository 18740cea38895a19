import { createHash } from 'node:crypto';
import { AppError } from '../../errors/index.js';
import { OAUTH_TOKEN_SETTING as USER_TOKEN_SETTING, type WarehouseIdentity } from '../driver.js';

/** Users whose clients are kept; the least recently used is closed past this. */
const MAX_USERS = 32;

/** A client connected with one user's token: only sessions (no statement) are opened on it, one per statement. */
export interface UserClient {
  close(): Promise<void>;
}

/**
 * Clients opened with end users' own OAuth tokens, so that Unity Catalog
 * applies each user's grants, row filters and column masks. Keyed by a
 * hash of the token (never the token itself), least recently used closed
 * first: a refreshed token gets a client of its own and the old one ages out.
 */
export class UserClients<C extends UserClient> {
  private readonly clients = new Map<string, Promise<C>>();

  constructor(private readonly open: (token: string) => Promise<C>) {}

  /** The client for `identity`'s token, opened on first use. */
  get(identity: WarehouseIdentity): Promise<C> {
    const token = identity.settings[USER_TOKEN_SETTING];
    if (!token)
      throw new AppError(
        'GOV_WAREHOUSE_DENIED',
        `Running as your own Databricks identity needs your OAuth token (identity setting ${USER_TOKEN_SETTING}); sign in through the workspace's single sign-on again.`,
        { reason: 'no_user_token' },
      );
    const key = createHash('sha256').update(token).digest('hex');
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      client = this.open(token);
      // A client that failed to open is not kept: the next statement tries again.
      client.catch(() => this.clients.get(key) === client && this.clients.delete(key));
    }
    this.clients.set(key, client);
    for (const [oldest, evicted] of this.clients) {
      if (this.clients.size <= MAX_USERS) break;
      this.clients.delete(oldest);
      void evicted.then((c) => c.close()).catch(() => undefined);
    }
    return client;
  }

  /** Forgets the client of `identity`'s token (refused or broken), closing it. */
  drop(identity: WarehouseIdentity): void {
    const token = identity.settings[USER_TOKEN_SETTING];
    if (!token) return;
    const key = createHash('sha256').update(token).digest('hex');
    const client = this.clients.get(key);
    this.clients.delete(key);
    void client?.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((client) => client.then((c) => c.close()).catch(() => undefined)));
  }
}
