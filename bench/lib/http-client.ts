import { Agent, request } from 'node:http';
import { ApiClient } from '../../test/support/api-client.js';

/** Keep-alive sockets shared by every session of the run. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * A logged-in session that posts JSON over keep-alive connections with the
 * session cookie and CSRF token, like the browser client does.
 */
export class BenchSession {
  private constructor(private readonly url: URL, private readonly headers: Record<string, string>) {}

  static async login(baseUrl: string, username: string): Promise<BenchSession> {
    const client = await ApiClient.login(baseUrl, username);
    return new BenchSession(new URL(baseUrl), { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'content-type': 'application/json' });
  }

  /** POSTs `body`; resolves with the status and parsed JSON. */
  post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { agent, host: this.url.hostname, port: this.url.port, path, method: 'POST', headers: { ...this.headers, 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

export function closeConnections(): void {
  agent.destroy();
}
