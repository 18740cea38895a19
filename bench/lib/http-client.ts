import { Pool } from 'undici';
import { ApiClient } from '../../test/support/api-client.js';

/**
 * Keep-alive connection pools by origin, shared by every session of the run.
 * undici rather than node:http: the load generator shares the server's
 * thread, and the lighter client leaves more of it to the server measured.
 */
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = new Pool(origin, { connections: 64, pipelining: 1 })));
  return pool;
}

/**
 * A logged-in session that posts JSON over keep-alive connections with the
 * session cookie and CSRF token, like the browser client does.
 */
export class BenchSession {
  private constructor(
    private readonly pool: Pool,
    private readonly headers: Record<string, string>,
  ) {}

  static async login(baseUrl: string, username: string): Promise<BenchSession> {
    const client = await ApiClient.login(baseUrl, username);
    return new BenchSession(poolFor(new URL(baseUrl).origin), { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'content-type': 'application/json' });
  }

  /** POSTs `body`; resolves with the status and parsed JSON. */
  async post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const response = await this.pool.request({ path, method: 'POST', headers: this.headers, body: JSON.stringify(body) });
    const text = await response.body.text();
    return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
  }
}

export async function closeConnections(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  pools.clear();
}
