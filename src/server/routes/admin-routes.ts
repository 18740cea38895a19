import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { userSchema } from '../../app-model/project-schema.js';
import { fetchAdminChanges } from '../../governance/identity/admin-changes.js';
import { createUser, editUser, publicStoredUser, setUserPassword } from '../../governance/identity/manage-users.js';
import { fetchUsers } from '../../governance/identity/user-store.js';
import type { ProjectRuntime } from '../../runtime/open-project.js';
import { requireAdmin } from '../auth-plugin.js';
import { parseInput } from '../parse-input.js';

/** The password policy for passwords set over the API. */
export const passwordSchema = z.string().min(10, 'use at least 10 characters').max(1024, 'use at most 1024 characters');

const username = userSchema.shape.username;
const roles = userSchema.shape.roles;
const attributes = userSchema.shape.attributes.unwrap();

export const createUserSchema = z.strictObject({
  username,
  displayName: z.string().min(1).max(200).optional(),
  password: passwordSchema,
  roles,
  attributes: attributes.default({}),
});

export const editUserSchema = z
  .strictObject({
    displayName: z.string().min(1).max(200).optional(),
    roles: roles.optional(),
    attributes: attributes.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((edit) => Object.keys(edit).length > 0, 'send at least one of displayName, roles, attributes, disabled');

export const setPasswordSchema = z.strictObject({ password: passwordSchema });

const userParams = z.looseObject({ username: z.string().min(1).max(128) });
const changesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Users and the admin-change log; admins only. */
export function adminRoutes(runtime: ProjectRuntime) {
  return async (app: FastifyInstance) => {
    app.get('/api/admin/users', async (request) => {
      requireAdmin(request);
      return { users: (await fetchUsers(runtime.system)).map(publicStoredUser) };
    });

    app.post('/api/admin/users', async (request) => {
      const admin = requireAdmin(request);
      const body = parseInput(createUserSchema, request.body, 'user');
      return { user: publicStoredUser(await createUser(runtime.identity, admin, body)) };
    });

    app.patch('/api/admin/users/:username', async (request) => {
      const admin = requireAdmin(request);
      const { username: target } = parseInput(userParams, request.params, 'path');
      const body = parseInput(editUserSchema, request.body, 'user change');
      return { user: publicStoredUser(await editUser(runtime.identity, admin, target, body)) };
    });

    app.post('/api/admin/users/:username/password', async (request) => {
      const admin = requireAdmin(request);
      const { username: target } = parseInput(userParams, request.params, 'path');
      const { password } = parseInput(setPasswordSchema, request.body, 'password change');
      await setUserPassword(runtime.identity, admin, target, password);
      return { ok: true };
    });

    app.get('/api/admin/roles', async (request) => {
      requireAdmin(request);
      const { roles } = runtime.current().config;
      return { roles: Object.entries(roles).map(([name, role]) => ({ name, description: role.description ?? null })) };
    });

    app.get('/api/admin/changes', async (request) => {
      requireAdmin(request);
      const { limit } = parseInput(changesQuery, request.query ?? {}, 'query string');
      const { warehouse } = runtime;
      return { changes: await fetchAdminChanges(warehouse, warehouse.dialect, runtime.current().config.audit.schema, limit) };
    });
  };
}
