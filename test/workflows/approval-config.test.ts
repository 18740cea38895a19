import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, resolveProject, type ConfigIssue } from '../../src/app-model/index.js';
import { AppError } from '../../src/errors/index.js';
import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import { lineOf, PLACEHOLDER_HASH, writeProject } from '../support/fixture-project.js';

const PROJECT = `name: Approval config fixture
roles:
  clerk: {}
  manager: {}
users:
  - { username: ed, passwordHash: "${PLACEHOLDER_HASH}", roles: [clerk] }
`;

const APP = `title: Claims
roles: [clerk, manager]
tables:
  claims:
    key: [id]
    write:
      - { roles: [clerk], operations: [update], columns: [amount] }
    approvals:
      amount: amount
      exemptRoles: [manager]
      levels:
        - { name: review, roles: [manager], when: "amount >= 100.0" }
      expiresAfterHours: 24
      escalateTo: [manager]
pages:
  - { id: main, title: Main, blocks: [{ id: grid, type: grid, table: claims }] }
`;

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function load(app: string) {
  const project = writeProject({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
  try {
    return loadProject(project.dir);
  } finally {
    project.remove();
  }
}

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details.issues as ConfigIssue[];
  }
  throw new Error('expected a config error');
}

describe('approvals in app files', () => {
  it('loads a valid approval chain with defaults', () => {
    const approvals = load(APP).apps.get('x')!.config.tables.claims!.approvals!;
    expect(approvals).toMatchObject({ required: false, levels: [{ name: 'review', mode: 'any' }] });
  });

  it.each([
    [
      'an unknown level role',
      '{ name: review, roles: [manager]',
      '{ name: review, roles: [boss]',
      'boss',
      'tables.claims.approvals.levels.0.roles.0',
      "unknown role 'boss'",
    ],
    [
      'an unknown exempt role',
      'exemptRoles: [manager]',
      'exemptRoles: [ghost]',
      'exemptRoles',
      'tables.claims.approvals.exemptRoles.0',
      "unknown role 'ghost'",
    ],
    [
      'a level condition that does not parse',
      'when: "amount >= 100.0"',
      'when: "amount >= "',
      'when:',
      'tables.claims.approvals.levels.0.when',
      'cannot parse',
    ],
    [
      'a level condition naming an unknown variable',
      'when: "amount >= 100.0"',
      'when: "row.amount >= 100.0"',
      'when:',
      'tables.claims.approvals.levels.0.when',
      "unknown variable 'row'",
    ],
    ['escalation without expiry', '      expiresAfterHours: 24\n', '', 'escalateTo', 'tables.claims.approvals.escalateTo', 'set expiresAfterHours'],
    ['the reserved level name', '{ name: review,', '{ name: escalation,', 'escalation', 'tables.claims.approvals.levels.0.name', 'escalation adds'],
    [
      'an unknown key',
      '      exemptRoles: [manager]\n',
      '      exemptRoles: [manager]\n      notify: yes\n',
      'notify',
      'tables.claims.approvals',
      "unknown key 'notify'",
    ],
  ])('reports %s with file, line and path', (_label, from, to, marker, path, message) => {
    const app = edit(APP, from, to);
    expect(issuesOf(() => load(app))).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, marker), path: expect.stringContaining(path), message: expect.stringContaining(message) },
    ]);
  });
});

describe('approvals against the warehouse', () => {
  let driver: DuckdbDriver;
  beforeAll(async () => {
    driver = await DuckdbDriver.connect({ path: ':memory:' });
    await driver.query('CREATE TABLE claims (id INTEGER PRIMARY KEY, amount DECIMAL(12,2), label VARCHAR)');
  });
  afterAll(() => driver?.close());
  const resolve = async (app: string) => resolveProject(load(app), await driver.introspect(), driver.dialect);

  it('resolves the amount column and the level conditions', async () => {
    const approvals = (await resolve(APP)).apps.get('x')!.tables.get('claims')!.approvals!;
    expect(approvals.amountColumn?.type.kind).toBe('decimal');
    expect(approvals.levels[0]!.when?.evaluate({ amount: 150, user: {}, changes: [] })).toBe(true);
  });

  it.each([
    ['a missing amount column', 'amount: amount', 'amount: total', "column 'total' is not a column"],
    ['a non-numeric amount column', 'amount: amount', 'amount: label', 'must be numeric'],
  ])('reports %s', async (_label, from, to, message) => {
    const app = edit(APP, from, to);
    let caught: unknown;
    try {
      await resolve(app);
    } catch (error) {
      caught = error;
    }
    expect((caught as AppError).code).toBe('CFG_CATALOG_MISMATCH');
    expect((caught as AppError).details.issues).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, to), path: 'tables.claims.approvals.amount', message: expect.stringContaining(message) },
    ]);
  });
});
