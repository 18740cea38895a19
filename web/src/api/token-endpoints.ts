import { apiRequest } from './client';
import type { ApiToken, CreatedToken, NewTokenRequest } from './governance-types';
import type { AppSummary } from './types';

export async function fetchOwnTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await apiRequest<{ tokens: ApiToken[] }>('GET', '/api/tokens', undefined, { signal })).tokens;
}

export function createToken(request: NewTokenRequest): Promise<CreatedToken> {
  return apiRequest<CreatedToken>('POST', '/api/tokens', request);
}

export async function revokeToken(id: string): Promise<ApiToken> {
  return (await apiRequest<{ token: ApiToken }>('DELETE', `/api/tokens/${encodeURIComponent(id)}`)).token;
}

/** The signed-in user's own apps, even during a preview: a token acts for its owner. */
export async function fetchOwnApps(signal?: AbortSignal): Promise<AppSummary[]> {
  return (await apiRequest<{ apps: AppSummary[] }>('GET', '/api/apps', undefined, { signal, asSelf: true })).apps;
}
