import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, resolveProject, type ConfigIssue } from '../../src/app-model/index.js';
import { AppError } from '../../src/errors/index.js';
import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';
import { lineOf, PLACEHOLDER_HASH, writeProject } from '../support/fixture-project.js';

const PROJECT = `name: Config fixture
roles:
  editor: { description: Edits things }
users:
  - username: ed
    passwordHash: "${PLACEHOLDER_HASH}"
    roles: [editor]
`;

const APP = `title: Things
roles: [editor]
datasets:
  things_by_region:
    params:
      region: { type: string }
    sql: |
      SELECT * FROM things
      WHERE region = :region
tables:
  things:
    key: [id]
    write:
      - roles: [editor]
        operations: [update]
        columns: [name]
        rows: row.region == "north"
pages:
  - id: main
    title: Main
    blocks:
      - { id: grid, type: grid, table: things }
      - id: list
        type: table
        dataset: things_by_region
`;

/** `text` with `from` replaced by `to`; fails when `from` is not there, so a fixture never silently stays valid. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function load(files: Record<string, string>) {
  const project = writeProject(files);
  try {
    return loadProject(project.dir);
  } finally {
    project.remove();
  }
}

/** The CFG_INVALID issues of loading these files. */
function loadIssues(files: Record<string, string>): ConfigIssue[] {
  let caught: unknown;
  try {
    load(files);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.code).toBe('CFG_INVALID');
  return error.details.issues as ConfigIssue[];
}

describe('loadProject', () => {
  it('loads the valid fixture (the base every broken variant starts from)', () => {
    const loaded = load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': APP });
    expect([...loaded.apps.keys()]).toEqual(['x']);
  });

  it('reports an unknown key with its file and the line of the key', () => {
    const app = edit(APP, '        dataset: things_by_region\n', '        dataset: things_by_region\n        colour: red\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      {
        file: 'apps/x.yaml',
        line: lineOf(app, 'colour: red'),
        path: expect.stringContaining('colour'),
        message: expect.stringContaining("unknown key 'colour'"),
      },
    ]);
  });

  it('reports an unknown key whose value spans lines on the line of the key', () => {
    const app = edit(APP, 'title: Things\n', 'title: Things\ntheme:\n  accent: teal\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      expect.objectContaining({ file: 'apps/x.yaml', line: lineOf(app, 'theme:'), message: expect.stringContaining("'theme'") }),
    ]);
  });

  it.each([
    ['a nested mapping on one line', '    title: Main\n', '    title: Main: Overview\n', 'title: Main: Overview'],
    ['a tab used for indentation', '        dataset: things_by_region\n', '\tdataset: things_by_region\n', '\tdataset'],
  ])('reports a YAML syntax error (%s) with its line', (_label, from, to, marker) => {
    const app = edit(APP, from, to);
    const issues = loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
    expect(issues[0]).toEqual({ file: 'apps/x.yaml', line: lineOf(app, marker), path: '', message: expect.stringMatching(/^YAML syntax: /) });
  });

  it('reports a duplicate key as a YAML error on the line of the second key', () => {
    const app = edit(APP, 'roles: [editor]\n', 'roles: [editor]\ntitle: Other things\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, 'title: Other things'), path: '', message: expect.stringContaining('unique') },
    ]);
  });

  it('reports an unknown role in an app', () => {
    const app = edit(APP, 'roles: [editor]\n', 'roles: [editor, ghost]\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, 'ghost'), path: 'roles.1', message: expect.stringContaining("unknown role 'ghost'") },
    ]);
  });

  it('reports a comments block with an unknown role, a bad row expression or no roles', () => {
    const withComments = (block: string) => edit(APP, '        rows: row.region == "north"\n', `        rows: row.region == "north"\n    comments:\n${block}`);
    const ghost = withComments('      roles: [editor, ghost]\n      rows: (row.region == "x"\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': ghost })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(ghost, 'ghost'), path: 'tables.things.comments.roles.1', message: expect.stringContaining("unknown role 'ghost'") },
      { file: 'apps/x.yaml', line: lineOf(ghost, '(row.region'), path: 'tables.things.comments.rows', message: expect.any(String) },
    ]);
    const noRoles = withComments('      rows: row.region == "north"\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': noRoles }).map((issue) => issue.path)).toEqual(['tables.things.comments.roles']);
  });

  it('reports an unknown role of a user in roundtrip.yaml', () => {
    const project = edit(PROJECT, '    roles: [editor]\n', '    roles: [editor, auditor]\n');
    expect(loadIssues({ 'roundtrip.yaml': project, 'apps/x.yaml': APP })).toEqual([
      { file: 'roundtrip.yaml', line: lineOf(project, 'auditor'), path: 'users.0.roles.1', message: expect.stringContaining("unknown role 'auditor'") },
    ]);
  });

  it('reports a warehouse running statements with user tokens without single sign-on, and accepts it with identity.oidc', () => {
    const databricks = `warehouse:
  type: databricks
  host: dbc-a1b2c3d4-e5f6.cloud.databricks.com
  httpPath: /sql/1.0/warehouses/1234567890abcdef
  token: { env: DATABRICKS_TOKEN }
  catalog: main
  identity: { mode: user-token }
`;
    const project = `${PROJECT}${databricks}`;
    expect(loadIssues({ 'roundtrip.yaml': project, 'apps/x.yaml': APP })).toEqual([
      {
        file: 'roundtrip.yaml',
        line: lineOf(project, 'mode: user-token'),
        path: 'warehouse.identity.mode',
        message: expect.stringContaining('configure identity.oidc'),
      },
    ]);
    const withSso = `${project}identity:
  oidc:
    issuer: https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/oidc
    clientId: roundtrip
    scopes: [openid, profile, email, sql, offline_access]
    roleMap: { users: editor }
`;
    expect([...load({ 'roundtrip.yaml': withSso, 'apps/x.yaml': APP }).apps.keys()]).toEqual(['x']);
    const passthrough = edit(project, 'mode: user-token', 'mode: passthrough');
    expect(loadIssues({ 'roundtrip.yaml': passthrough, 'apps/x.yaml': APP })[0]).toMatchObject({ path: 'warehouse.identity.mode' });
  });

  it('reports a block that names an unknown dataset', () => {
    const app = edit(APP, 'dataset: things_by_region\n', 'dataset: things_by_country\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      {
        file: 'apps/x.yaml',
        line: lineOf(app, 'dataset: things_by_country'),
        path: 'pages.0.blocks.1.dataset',
        message: expect.stringContaining("'things_by_country' is not a dataset"),
      },
    ]);
  });

  it('reports a :param used in dataset SQL but not declared', () => {
    const app = edit(APP, 'WHERE region = :region\n', 'WHERE region = :region AND size > :min_size\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, 'sql: |'), path: 'datasets.things_by_region.sql', message: expect.stringContaining(':min_size') },
    ]);
  });

  it('reports a row policy that cannot be compiled to SQL', () => {
    const app = edit(APP, 'rows: row.region == "north"', 'rows: size(row.name) > 3');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, 'rows: size'), path: 'tables.things.write.0.rows', message: expect.stringMatching(/size.*SQL/) },
    ]);
  });

  it('reports a button whose action is not in the app, or that passes an undeclared parameter', () => {
    const withAction = `${APP}actions:
  rename:
    roles: [editor]
    params:
      id: { type: number, required: true }
    steps:
      - { type: validate, check: "params.id > 0", message: Pick a row. }
`;
    const unknown = edit(
      withAction,
      '        dataset: things_by_region\n',
      '        dataset: things_by_region\n      - { id: go, type: button, label: Go, action: renam }\n',
    );
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': unknown })).toEqual([
      {
        file: 'apps/x.yaml',
        line: lineOf(unknown, 'action: renam'),
        path: 'pages.0.blocks.2.action',
        message: "'renam' is not an action of this app (rename)",
      },
    ]);
    const extra = edit(
      withAction,
      '        dataset: things_by_region\n',
      '        dataset: things_by_region\n      - { id: go, type: button, label: Go, action: rename, params: { id: 1, colour: red } }\n',
    );
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': extra })).toEqual([
      { file: 'apps/x.yaml', line: expect.any(Number), path: 'pages.0.blocks.2.params.colour', message: "action rename has no parameter 'colour'" },
    ]);
    const missing = edit(
      withAction,
      '        dataset: things_by_region\n',
      '        dataset: things_by_region\n      - { id: go, type: button, label: Go, action: rename }\n',
    );
    // A button that leaves a parameter open asks for it when clicked.
    expect(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': missing }).apps.get('x')!.config.pages[0]!.blocks[2]).toMatchObject({ action: 'rename' });
    const valid = edit(
      withAction,
      '        dataset: things_by_region\n',
      '        dataset: things_by_region\n      - { id: go, type: button, label: Go, action: rename, params: { id: 1 }, confirm: Sure? }\n',
    );
    expect(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': valid }).apps.get('x')!.config.pages[0]!.blocks[2]).toMatchObject({
      type: 'button',
      action: 'rename',
    });
  });

  it('reports a duplicate block id on the second block', () => {
    const app = edit(APP, '      - id: list\n', '      - id: grid\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      { file: 'apps/x.yaml', line: lineOf(app, '- id: grid'), path: 'pages.0.blocks.1.id', message: "duplicate block id 'grid'" },
    ]);
  });

  it('reports every problem of every file at once', () => {
    const project = edit(PROJECT, '    roles: [editor]\n', '    roles: [auditor]\n');
    const unknownKey = edit(APP, 'title: Things\n', 'title: Things\nsubtitle: Mine\n');
    const syntax = edit(APP, '    title: Main\n', '    title: Main: Overview\n');
    const references = edit(edit(APP, 'roles: [editor]\n', 'roles: [editor, ghost]\n'), 'dataset: things_by_region\n', 'dataset: nothing\n');
    const issues = loadIssues({ 'roundtrip.yaml': project, 'apps/a.yaml': unknownKey, 'apps/b.yaml': syntax, 'apps/c.yaml': references });
    const located = issues.map((i) => `${i.file}:${i.line}`);
    expect(located).toEqual(
      expect.arrayContaining([
        `roundtrip.yaml:${lineOf(project, 'auditor')}`,
        `apps/a.yaml:${lineOf(unknownKey, 'subtitle')}`,
        `apps/b.yaml:${lineOf(syntax, 'Main: Overview')}`,
        `apps/c.yaml:${lineOf(references, 'ghost')}`,
        `apps/c.yaml:${lineOf(references, 'dataset: nothing')}`,
      ]),
    );
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  it('says every located problem in the error message', () => {
    const app = edit(edit(APP, 'roles: [editor]\n', 'roles: [ghost]\n'), 'dataset: things_by_region\n', 'dataset: nothing\n');
    let message = '';
    try {
      load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('2 configuration problems');
    expect(message).toContain(`apps/x.yaml:${lineOf(app, 'ghost')}`);
    expect(message).toContain(`apps/x.yaml:${lineOf(app, 'dataset: nothing')}`);
  });
});

describe('form blocks', () => {
  const withForm = (fields: string, table = 'things') =>
    edit(
      APP,
      '      - { id: grid, type: grid, table: things }\n',
      `      - { id: grid, type: grid, table: things }\n      - id: new-thing\n        type: form\n        table: ${table}\n        fields:\n${fields}`,
    );

  it('loads a form over a writable table', () => {
    const app = withForm('          - { column: name }\n          - { column: region, input: select, dataset: things_by_region }\n');
    expect(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app }).apps.get('x')!.config.pages[0]!.blocks).toContainEqual(
      expect.objectContaining({ id: 'new-thing', mode: 'insert' }),
    );
  });

  it('reports an unknown table, a field twice, a select without options and an unknown dataset, each on its line', () => {
    const app = withForm(
      '          - { column: name }\n          - { column: name, label: Again }\n          - { column: region, input: select }\n          - { column: id, dataset: ghosts }\n',
      'gizmos',
    );
    const issues = loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
    expect(issues.map((i) => [i.line, i.message])).toEqual(
      expect.arrayContaining([
        [lineOf(app, 'table: gizmos'), expect.stringContaining("'gizmos' is not a writable table")],
        [lineOf(app, 'label: Again'), expect.stringContaining("column 'name' has two fields")],
        [lineOf(app, 'input: select'), expect.stringContaining('a select field needs a dataset')],
        [lineOf(app, 'dataset: ghosts'), expect.stringContaining("'ghosts' is not a dataset")],
      ]),
    );
  });
});

describe('matrix blocks and required filters', () => {
  const matrix = (body: string) =>
    edit(
      APP,
      '      - { id: grid, type: grid, table: things }\n',
      `      - { id: grid, type: grid, table: things }\n      - id: plan\n        type: matrix\n${body}`,
    );

  it('reports an unknown table or dataset, columns used twice, axis columns without a dataset and a required filter without default', () => {
    const app = matrix(
      '        table: things\n        value: name\n        rows: { column: region, label: title }\n        columns: { column: region, dataset: ghosts }\n' +
        '      - { id: pick, type: filter, param: region, required: true }\n',
    );
    const issues = loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
    expect(issues.map((i) => [i.path, i.message])).toEqual(
      expect.arrayContaining([
        ['pages.0.blocks.1.columns.column', expect.stringContaining("'region' is used twice")],
        ['pages.0.blocks.1.rows.label', 'label names a column of the axis dataset; set dataset too'],
        ['pages.0.blocks.1.columns.dataset', "'ghosts' is not a dataset of this app"],
        ['pages.0.blocks.2.default', expect.stringContaining('a required filter needs a default')],
      ]),
    );
    expect(issues).toHaveLength(4);
    const unknownTable = matrix('        table: gizmos\n        value: name\n        rows: { column: region }\n        columns: { column: id }\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': unknownTable })).toEqual([
      expect.objectContaining({ line: lineOf(unknownTable, 'table: gizmos'), message: "'gizmos' is not a writable table of this app" }),
    ]);
  });

  it('refuses a matrix typing into a key column', () => {
    const app = matrix('        table: things\n        value: id\n        rows: { column: region }\n        columns: { column: name }\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app })).toEqual([
      expect.objectContaining({ path: 'pages.0.blocks.1.value', message: expect.stringContaining("'id' is part of the key of things") }),
    ]);
  });
});

describe('resolveProject', () => {
  let driver: DuckdbDriver;

  beforeAll(async () => {
    driver = await DuckdbDriver.connect({ path: ':memory:' });
    await driver.query('CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, region VARCHAR NOT NULL)');
  });
  afterAll(() => driver?.close());

  const resolve = async (app: string) => resolveProject(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app }), await driver.introspect(), driver.dialect);

  it('binds a table that exists to its warehouse columns', async () => {
    const project = await resolve(APP);
    const table = project.apps.get('x')!.tables.get('things')!;
    expect(table.columns.map((c) => `${c.name}:${c.type.kind}`)).toEqual(['id:integer', 'name:string', 'region:string']);
  });

  it('refuses a writable table the warehouse cannot update in place, with what to change (the catalogue says so, e.g. ClickHouse)', async () => {
    const catalog = await driver.introspect();
    const things = catalog.tables.find((t) => t.name === 'things')!;
    things.notWritable = 'lightweight updates need enable_block_number_column = 1';
    const error = await (async () => resolveProject(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': APP }), catalog, driver.dialect))().then(
      () => undefined,
      (e: AppError) => e,
    );
    expect(error?.code).toBe('CFG_CATALOG_MISMATCH');
    expect(error?.details.issues).toEqual([
      expect.objectContaining({
        path: 'tables.things',
        message: "table 'things' cannot be written in place: lightweight updates need enable_block_number_column = 1",
      }),
    ]);
  });

  it('reports every unknown table and column as CFG_CATALOG_MISMATCH naming them', async () => {
    const app = edit(edit(APP, 'columns: [name]', 'columns: [name, colour]'), 'tables:\n', 'tables:\n  gadgets:\n    key: [gadget_id]\n');
    let caught: unknown;
    try {
      await resolve(app);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('CFG_CATALOG_MISMATCH');
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        { file: 'apps/x.yaml', line: lineOf(app, 'gadgets:'), path: 'tables.gadgets', message: expect.stringContaining("table 'gadgets' does not exist") },
        {
          file: 'apps/x.yaml',
          line: lineOf(app, 'colour'),
          path: 'tables.things.write.0.columns.1',
          message: expect.stringContaining("column 'colour' does not exist"),
        },
      ]),
    );
    expect(error.message).toContain('gadgets');
    expect(error.message).toContain('colour');
  });

  it('reports a form field on a column the table lacks, and an approval-only policy without approvals', async () => {
    const app = edit(
      edit(
        APP,
        '      - { id: grid, type: grid, table: things }\n',
        '      - { id: grid, type: grid, table: things }\n      - { id: new-thing, type: form, table: things, fields: [{ column: name }, { column: colour }] }\n',
      ),
      '        rows: row.region == "north"\n',
      '        rows: row.region == "north"\n      - { roles: [editor], operations: [insert], columns: [id, name, region], approvalOnly: true }\n',
    );
    const issues = await resolve(app).then(
      () => [],
      (error: AppError) => error.details.issues as ConfigIssue[],
    );
    expect(issues).toEqual([
      expect.objectContaining({ line: lineOf(app, 'approvalOnly'), message: expect.stringContaining('add an approvals block') }),
      expect.objectContaining({ line: lineOf(app, 'new-thing'), message: expect.stringContaining("column 'colour' is not a column of things") }),
    ]);
  });
});

describe('matrix blocks against the catalogue', () => {
  let driver: DuckdbDriver;

  beforeAll(async () => {
    driver = await DuckdbDriver.connect({ path: ':memory:' });
    await driver.query('CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, region VARCHAR NOT NULL, size DECIMAL(12,2))');
  });
  afterAll(() => driver?.close());

  it('reports a value column that is not numeric and an axis column the table lacks', async () => {
    const app = edit(
      APP,
      '      - { id: grid, type: grid, table: things }\n',
      '      - { id: grid, type: grid, table: things }\n      - { id: plan, type: matrix, table: things, value: name, rows: { column: region }, columns: { column: colour } }\n',
    );
    const resolveApp = async (text: string) =>
      resolveProject(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': text }), await driver.introspect(), driver.dialect);
    const issues = await resolveApp(app).then(
      () => [],
      (error: AppError) => {
        expect(error.code).toBe('CFG_CATALOG_MISMATCH');
        return error.details.issues as ConfigIssue[];
      },
    );
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['pages.0.blocks.1.value', "'name' is VARCHAR; the matrix value column must be numeric"],
      ['pages.0.blocks.1.columns.column', expect.stringContaining("column 'colour' is not a column of things")],
    ]);
    const locked = edit(
      APP,
      '        rows: row.region == "north"\n',
      '        rows: row.region == "north"\n    locks:\n      - { table: closed_regions, match: { region: region } }\n      - { table: things, match: { colour: region, id: shade } }\n',
    );
    const lockIssues = await resolveApp(locked).then(
      () => [],
      (error: AppError) => error.details.issues as ConfigIssue[],
    );
    expect(lockIssues.map((i) => [i.path, i.message])).toEqual([
      ['tables.things.locks.0.table', "lock table 'closed_regions' does not exist in the warehouse"],
      ['tables.things.locks.1.match.colour', expect.stringContaining("column 'colour' does not exist in things")],
      ['tables.things.locks.1.match.id', "column 'shade' is not a column of this table"],
    ]);
    const valid = edit(app, 'value: name', 'value: size');
    const fixed = edit(valid, 'columns: { column: colour }', 'columns: { column: name }');
    await expect(resolveApp(fixed)).resolves.toBeDefined();
  });
});

describe('validation gates in app files', () => {
  it('reports a gate that is not a SELECT, a parameter other than :user_id and a duplicate name', () => {
    const gates = `    gates:
      - { name: one, sql: "DELETE FROM things", message: m }
      - { name: one, sql: "SELECT id FROM things WHERE region = :region", message: m }
`;
    const app = edit(APP, 'pages:\n', `${gates}pages:\n`);
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app }).map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(/^tables\.things\.gates\.0\.sql: a gate is a SELECT/),
      expect.stringMatching(/^tables\.things\.gates\.1\.name: duplicate gate name 'one'/),
      expect.stringMatching(/^tables\.things\.gates\.1\.sql: parameter :region is not available in gates; only :user_id/),
    ]);
  });
});

describe('input panels', () => {
  const inputs = (body: string) =>
    edit(
      APP,
      '      - { id: grid, type: grid, table: things }\n',
      `      - { id: grid, type: grid, table: things }\n      - id: panel\n        type: inputs\n        table: things\n${body}`,
    );

  it('reports the row not named by its key and page variables, and fields that cannot work, each on its path', () => {
    const app = inputs(
      '        row: { region: region }\n        fields:\n' +
        '          - { column: id, input: number }\n' +
        '          - { column: name, input: slider }\n' +
        '          - { column: region, input: select }\n' +
        '          - { column: name, input: select, dataset: ghosts }\n' +
        '          - { column: name, input: number, min: 5, max: 1 }\n',
    );
    const issues = loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['pages.0.blocks.1.row', 'name every key column of things: id is missing'],
      ['pages.0.blocks.1.row.region', "'region' is not a key column of things (id)"],
      ['pages.0.blocks.1.fields.0.column', "'id' is the row's key; inputs set other columns"],
      ['pages.0.blocks.1.fields.1', 'a slider needs min and max'],
      ['pages.0.blocks.1.fields.2', 'a select needs options or a dataset of them'],
      ['pages.0.blocks.1.fields.3.dataset', "'ghosts' is not a dataset of this app"],
      ['pages.0.blocks.1.fields.4.max', 'max must be above min'],
    ]);
    const unknownVariable = inputs('        row: { id: nowhere }\n        fields: [{ column: name, input: text }]\n');
    expect(loadIssues({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': unknownVariable }).map((i) => [i.path, i.message])).toEqual([
      ['pages.0.blocks.1.row.id', "'nowhere' is not a page variable: add a filter block setting it"],
    ]);
    const valid = inputs('        row: { id: region }\n        fields: [{ column: name, input: select, options: [a, b] }]\n');
    expect(load({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': valid }).apps.get('x')!.config.pages[0]!.blocks[1]).toMatchObject({
      type: 'inputs',
      table: 'things',
    });
  });
});
