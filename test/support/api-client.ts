/** A minimal HTTP client for black-box tests: keeps the session cookie and CSRF token like a browser. */
export class ApiClient {
  cookie = '';
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  static async login(baseUrl: string, username: string, password = 'demo'): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const response = await client.request('POST', '/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return client;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    const response = await fetch(this.baseUrl + path, init);
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. HTML); keep the text
    }
    if (path === '/api/auth/login' && response.status === 200) this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  query(app: string, dataset: string, body: unknown = {}) {
    return this.request('POST', `/api/apps/${app}/datasets/${dataset}/query`, body);
  }

  changeset(app: string, table: string, body: unknown) {
    return this.request('POST', `/api/apps/${app}/tables/${table}/changesets`, body);
  }
}
