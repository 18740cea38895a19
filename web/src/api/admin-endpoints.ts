import { apiRequest } from './client';
import type { AdminChange, AdminUser, DeclaredRole, NewUserRequest, UserEditRequest } from './governance-types';

const enc = encodeURIComponent;

export async function fetchUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  return (await apiRequest<{ users: AdminUser[] }>('GET', '/api/admin/users', undefined, { signal })).users;
}

export async function createUser(user: NewUserRequest): Promise<AdminUser> {
  return (await apiRequest<{ user: AdminUser }>('POST', '/api/admin/users', user)).user;
}

export async function editUser(username: string, edit: UserEditRequest): Promise<AdminUser> {
  return (await apiRequest<{ user: AdminUser }>('PATCH', `/api/admin/users/${enc(username)}`, edit)).user;
}

export async function setUserPassword(username: string, password: string): Promise<void> {
  await apiRequest('POST', `/api/admin/users/${enc(username)}/password`, { password });
}

export async function fetchRoles(signal?: AbortSignal): Promise<DeclaredRole[]> {
  return (await apiRequest<{ roles: DeclaredRole[] }>('GET', '/api/admin/roles', undefined, { signal })).roles;
}

export async function fetchAdminChanges(limit: number, signal?: AbortSignal): Promise<AdminChange[]> {
  return (await apiRequest<{ changes: AdminChange[] }>('GET', `/api/admin/changes?limit=${limit}`, undefined, { signal })).changes;
}
