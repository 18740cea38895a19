import { expect } from 'vitest';
import { ApiClient } from './api-client.js';
import type { OidcTestAccount, TestOidcProvider } from './oidc-provider.js';

// A browser driven by hand through single sign-on: redirects followed, cookies kept per origin,
// the provider's login and consent forms submitted like a person would.

export interface Hop {
  status: number;
  location: string | null;
  body: string;
}

/** What a browser keeps between requests: cookies per origin (expired ones dropped). */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** `serverUrl`: the Roundtrip server whose session `apiClient` carries. */
  constructor(private readonly serverUrl: string) {}

  async request(url: string, form?: Record<string, string>): Promise<Hop> {
    const target = new URL(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const response = await fetch(target, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    return { status: response.status, location: location === null ? null : new URL(location, target).href, body: await response.text() };
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  /** An API client carrying this browser's Roundtrip session. */
  async apiClient(): Promise<ApiClient> {
    const client = new ApiClient(this.serverUrl);
    client.cookie = `rt_session=${this.cookie(this.serverUrl, 'rt_session')}`;
    const me = await client.request('GET', '/api/auth/me');
    client.csrfToken = me.body?.csrfToken ?? '';
    return client;
  }
}

export interface SsoOptions {
  /** Query of the login route, e.g. `?returnTo=…`. */
  loginQuery?: string;
  /** Changes the provider's redirect back to Roundtrip before the browser follows it. */
  alterCallback?: (url: URL) => URL;
  /** Press Cancel on the provider's login page instead of signing in. */
  cancel?: boolean;
}

/**
 * Clicks "Sign in with …" and goes through the provider's pages. Returns the
 * answer of Roundtrip's callback (a redirect to the app or to the login page)
 * and the callback URL the provider sent.
 */
export async function signInWithSso(
  browser: CookieBrowser,
  server: { url: string },
  provider: TestOidcProvider,
  who: OidcTestAccount,
  options: SsoOptions = {},
): Promise<{ callback: URL; answer: Hop; authorizationUrl: URL }> {
  const start = await browser.request(`${server.url}/api/auth/oidc/login${options.loginQuery ?? ''}`);
  expect(start.status, start.body).toBe(302);
  const authorizationUrl = new URL(start.location!);
  expect(authorizationUrl.origin).toBe(provider.issuer);
  let hop = await browser.request(authorizationUrl.href);
  for (let steps = 0; steps < 20; steps++) {
    if (hop.location?.startsWith(`${server.url}/api/auth/oidc/callback`)) {
      const callback = options.alterCallback ? options.alterCallback(new URL(hop.location)) : new URL(hop.location);
      return { callback, answer: await browser.request(callback.href), authorizationUrl };
    }
    if (hop.location) hop = await browser.request(hop.location);
    else if (hop.status === 200 && hop.body.includes('name="password"')) {
      const action = /action="([^"]*\/login)"/.exec(hop.body)![1]!;
      hop = options.cancel
        ? await browser.request(new URL(/action="([^"]*\/abort)"/.exec(hop.body)![1]!, provider.issuer).href, {})
        : await browser.request(new URL(action, provider.issuer).href, { username: who.login, password: who.password });
    } else if (hop.status === 200 && hop.body.includes('/confirm"')) {
      hop = await browser.request(new URL(/action="([^"]*\/confirm)"/.exec(hop.body)![1]!, provider.issuer).href, {});
    } else throw new Error(`unexpected provider answer ${hop.status}: ${hop.body.slice(0, 300)}`);
  }
  throw new Error('the provider never redirected back');
}
