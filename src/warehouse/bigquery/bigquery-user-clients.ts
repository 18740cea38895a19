import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { OAUTH_TOKEN_SETTING, type WarehouseIdentity } from '../driver.js';
import { userRefused } from './bigquery-errors.js';

/**
 * The user's Google OAuth access token is read from `OAUTH_TOKEN_SETTING`
 * (scope `https://www.googleapis.com/auth/bigquery` or `cloud-platform`), the
 * access token of their single sign-on with Google. Jobs run with it are the
 * user's own: BigQuery's IAM and row-level access policies apply to them.
 */

/** Clients kept per token, at most; tokens live about an hour, so old ones are dropped first. */
const MAX_CLIENTS = 100;

/**
 * BigQuery clients authenticated by users' access tokens, one per token.
 * A token alone cannot be refreshed: when it expires BigQuery answers 401
 * and the user signs in again (`GOV_WAREHOUSE_DENIED`, reason `token`).
 */
export class UserClients {
  private readonly clients = new Map<string, BigQuery>();

  constructor(private readonly options: { projectId: string; location?: string }) {}

  /** The client running jobs as `identity`'s user (its `role` is only a label here: the token says who runs). */
  clientFor(identity: WarehouseIdentity): BigQuery {
    const token = identity.settings[OAUTH_TOKEN_SETTING];
    if (!token) throw userRefused('no_token');
    let client = this.clients.get(token);
    if (!client) {
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: token });
      client = new BigQuery({ projectId: this.options.projectId, location: this.options.location, authClient: auth });
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
      this.clients.set(token, client);
    }
    return client;
  }

  clear(): void {
    this.clients.clear();
  }
}
