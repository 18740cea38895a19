import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

it('audits a changed rule in an app definition and a changed role, old → new', async () => {
  const appFile = join(server.projectDir, 'apps', 'budget.yaml');
  writeFileSync(appFile, readFileSync(appFile, 'utf8').replace('max: 50000000', 'max: 60000000'));
  const projectFile = join(server.projectDir, 'roundtrip.yaml');
  writeFileSync(
    projectFile,
    readFileSync(projectFile, 'utf8').replace('viewer: { description: Read-only access to dashboards }', 'viewer: { description: Reads dashboards }'),
  );
  await server.runtime.reload();

  const admin = await ApiClient.login(server.url, 'admin');
  const { body } = await admin.request('GET', '/api/admin/changes');
  const app = body.changes.find((c: { kind: string; target: string }) => c.kind === 'app' && c.target === 'budget');
  expect(app.username).toBe('(project files)');
  const amountRule = (config: { tables: { budget_lines: { rules: { column?: string; max?: number }[] } } }) =>
    config.tables.budget_lines.rules.find((r) => r.column === 'amount')!.max;
  expect([amountRule(app.oldValue), amountRule(app.newValue)]).toEqual([50000000, 60000000]);
  const roles = body.changes.find((c: { kind: string; target: string }) => c.kind === 'project' && c.target === 'roles');
  expect([roles.oldValue.roles.viewer.description, roles.newValue.roles.viewer.description]).toEqual(['Read-only access to dashboards', 'Reads dashboards']);
  expect(body.changes.filter((c: { kind: string }) => c.kind === 'app')).toHaveLength(1);
});
