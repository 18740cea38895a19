/**
 * Attack-suite cases for names and search text, on every engine:
 *
 * - Names JavaScript objects inherit (`constructor`, `toString`, `__proto__`,
 *   …) are ordinary names: an action or parameter of that name exists only
 *   when the app declares it, and a declared one behaves like any other.
 * - A `contains` filter matches its text literally: `%`, `_` and `\` are
 *   characters, not wildcards or escapes.
 *
 * Every refusal has its stable code, never a 5xx, and leaves the warehouse,
 * the audit, users, tokens and sessions as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hashPassword } from '../../src/governance/passwords.js';
import { ApiClient } from '../support/api-client.js';
import { ENGINES } from '../support/engines.js';
import { FIXTURE_PASSWORD, portableSeed, writeProject, type FixtureProject } from '../support/fixture-project.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { expectRefused, leavesNothingChanged } from './state-probe.js';

/** Members every plain JavaScript object inherits from Object.prototype. */
const INHERITED = [
  'constructor',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__proto__',
  '__defineGetter__',
  '__lookupSetter__',
];

const NOTES = [
  { note_id: 1, body: 'save 50% now' },
  { note_id: 2, body: 'save 500 now' },
  { note_id: 3, body: 'a_b' },
  { note_id: 4, body: 'axb' },
  { note_id: 5, body: 'back\\slash' },
  { note_id: 6, body: 'backslash' },
  { note_id: 7, body: 'SAVE 50% TODAY' },
];
const TABLES = ['notes'];
const APP = '/api/apps/notes';

/**
 * App `notes` (role editor): writable `notes`; dataset `by_owner` and action
 * `retitle` each declare a parameter named `constructor` (and the dataset one
 * named `toString`), which must work like any other name.
 */
async function namesProject(app: Record<string, unknown> = {}): Promise<FixtureProject> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const rows = NOTES.map((n) => `(${n.note_id}, '${n.body}')`).join(', ');
  const seed = portableSeed('notes', `CREATE TABLE notes (note_id INTEGER PRIMARY KEY, body VARCHAR(100) NOT NULL);\nINSERT INTO notes VALUES ${rows};`);
  const project = {
    name: 'Names and filters',
    warehouse: { type: 'duckdb', path: 'warehouse.duckdb' },
    seed: { whenMissing: 'notes', scripts: seed.scripts },
    audit: { schema: 'roundtrip_audit' },
    roles: { editor: {} },
    users: [{ username: 'editor', passwordHash, roles: ['editor'] }],
  };
  const notes = {
    title: 'Notes',
    roles: ['editor'],
    tables: { notes: { key: ['note_id'], write: [{ roles: ['editor'], operations: ['insert', 'update'], columns: ['note_id', 'body'] }] } },
    datasets: {
      by_owner: {
        params: { constructor: { type: 'string', default: null }, toString: { type: 'number', default: null } },
        sql: 'SELECT note_id, body FROM notes WHERE (:constructor IS NULL OR body = :constructor) AND (:toString IS NULL OR note_id = :toString)',
      },
    },
    actions: {
      retitle: {
        roles: ['editor'],
        params: { note: { type: 'number', required: true }, text: { type: 'string', required: true }, constructor: { type: 'string', default: 'by default' } },
        steps: [
          { type: 'write', table: 'notes', op: 'update', key: { note_id: ':note' }, values: { body: ':text' } },
          { type: 'set', variable: 'who', value: ':constructor' },
        ],
      },
    },
    pages: [{ id: 'main', title: 'Notes', blocks: [{ id: 'grid-notes', type: 'grid', table: 'notes' }] }],
    ...app,
  };
  return writeProject({ 'roundtrip.yaml': stringify(project), 'apps/notes.yaml': stringify(notes), ...seed.files });
}

describe.each(ENGINES)('attack suite: names and filters on $name', (engine) => {
  let fixture: FixtureProject;
  let server: TestServer;
  let editor: ApiClient;

  beforeAll(async () => {
    fixture = await namesProject();
    server = await startTestServer({ projectDir: fixture.dir, engine });
    editor = await ApiClient.login(server.url, 'editor', FIXTURE_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  const runAction = (name: string, params: unknown) => editor.request('POST', `${APP}/actions/${name}/run`, { params });
  const query = (dataset: string, body: unknown) => editor.query('notes', dataset, body);

  it('an action named like an inherited member does not exist: 404 WF_ACTION_NOT_FOUND, nothing runs', async () => {
    for (const name of INHERITED) {
      const response = await leavesNothingChanged(server, TABLES, () => runAction(name, { note: 1, text: 'hijacked' }));
      expectRefused(response, 404, 'WF_ACTION_NOT_FOUND');
    }
  });

  it('action parameters named like inherited members are unknown unless declared: 400 REQ_INVALID, nothing written', async () => {
    for (const name of INHERITED.filter((n) => n !== 'constructor')) {
      // Sent as raw JSON so `__proto__` arrives as a key, as an attacker would send it.
      const body = `{"params": {"note": 1, "text": "hijacked", ${JSON.stringify(name)}: "x"}}`;
      const response = await leavesNothingChanged(server, TABLES, () => editor.request('POST', `${APP}/actions/retitle/run`, body));
      // The JSON parser itself refuses a `__proto__` key.
      expectRefused(response, 400, name === '__proto__' ? 'REQ_MALFORMED_JSON' : 'REQ_INVALID');
      if (name !== '__proto__') expect(response.body.error.message).toContain(`unknown parameter '${name}'`);
    }
  });

  it('dataset parameters named like inherited members are unknown unless declared: 400 QRY_INVALID_PARAM', async () => {
    for (const name of INHERITED.filter((n) => n !== 'constructor' && n !== 'toString')) {
      const body = `{"params": {${JSON.stringify(name)}: "x"}}`;
      const response = await editor.request('POST', `${APP}/datasets/by_owner/query`, body);
      expectRefused(response, 400, name === '__proto__' ? 'REQ_MALFORMED_JSON' : 'QRY_INVALID_PARAM');
      if (name !== '__proto__') expect(response.body.error.message).toContain(`unknown parameter '${name}'`);
    }
  });

  it('a declared parameter named constructor or toString works like any other name', async () => {
    const all = await query('by_owner', { sort: [{ column: 'note_id' }] });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.rows.map((r: { note_id: unknown }) => Number(r.note_id))).toEqual(NOTES.map((n) => n.note_id));
    const one = await query('by_owner', { params: { constructor: 'axb' } });
    expect(one.body.rows.map((r: { body: string }) => r.body)).toEqual(['axb']);
    const byId = await query('by_owner', { params: { toString: 3 } });
    expect(byId.body.rows.map((r: { body: string }) => r.body)).toEqual(['a_b']);

    const defaulted = await runAction('retitle', { note: 6, text: 'backslash' });
    expect(defaulted.status, JSON.stringify(defaulted.body)).toBe(200);
    expect(defaulted.body.set).toEqual({ who: 'by default' });
    const given = await runAction('retitle', { note: 6, text: 'backslash', constructor: 'editor' });
    expect(given.body.set).toEqual({ who: 'editor' });
  });

  it('an app file that uses an undeclared inherited name, or declares __proto__, is refused when it loads: CFG_INVALID', async () => {
    const variants: { app: Record<string, unknown>; problems: string[] }[] = [
      {
        app: {
          datasets: { leaky: { sql: 'SELECT note_id FROM notes WHERE note_id = :toString' } },
          actions: {
            stamp: { roles: ['editor'], steps: [{ type: 'set', variable: 'v', value: ':valueOf' }] },
            probe: { roles: ['editor'], steps: [{ type: 'validate', check: 'params.hasOwnProperty == null', message: 'never' }] },
          },
          pages: [{ id: 'main', title: 'Notes', blocks: [{ id: 'run', type: 'button', label: 'Run', action: 'constructor' }] }],
        },
        problems: [
          'datasets.leaky.sql: parameter :toString is not declared under params',
          'parameter :valueOf is not declared under params',
          "params.hasOwnProperty: no parameter 'hasOwnProperty' is declared",
          "'constructor' is not an action of this app",
        ],
      },
      {
        // JSON.parse makes `__proto__` an own key, as a YAML file does; an object literal would set the prototype instead.
        app: { datasets: { proto: { params: JSON.parse('{"__proto__": {"type": "string"}}'), sql: 'SELECT note_id FROM notes WHERE :__proto__ IS NULL' } } },
        problems: ["datasets.proto.params.__proto__: '__proto__' cannot name anything in a config file; rename it"],
      },
    ];
    for (const { app, problems } of variants) {
      const broken = await namesProject(app);
      try {
        const failure = await startTestServer({ projectDir: broken.dir, engine }).then(
          async (started) => {
            await started.close();
            return undefined;
          },
          (error: unknown) => error as { code?: string; message: string },
        );
        expect(failure?.code).toBe('CFG_INVALID');
        expect(failure?.message).toContain(`${problems.length} configuration problem`);
        for (const problem of problems) expect(failure?.message).toContain(problem);
      } finally {
        broken.remove();
      }
    }
  });

  describe('contains filters match their text literally', () => {
    const search = async (text: string) => {
      const response = await query('notes', { filters: [{ column: 'body', op: 'contains', value: text }], sort: [{ column: 'note_id' }], withTotal: true });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.total).toBe(response.body.rows.length);
      return response.body.rows.map((r: { body: string }) => r.body);
    };

    it('% is a percent sign, not "any text" (and case still does not matter)', async () => {
      expect(await search('50%')).toEqual(['save 50% now', 'SAVE 50% TODAY']);
      expect(await search('%')).toEqual(['save 50% now', 'SAVE 50% TODAY']);
      expect(await search('%%')).toEqual([]);
      expect(await search('save 50')).toEqual(['save 50% now', 'save 500 now', 'SAVE 50% TODAY']);
    });

    it('_ is an underscore, not "any character"', async () => {
      expect(await search('a_b')).toEqual(['a_b']);
      expect(await search('_')).toEqual(['a_b']);
    });

    it('\\ is a backslash, not an escape', async () => {
      expect(await search('\\')).toEqual(['back\\slash']);
      expect(await search('k\\s')).toEqual(['back\\slash']);
      expect(await search('\\%')).toEqual([]);
      expect(await search('\\_')).toEqual([]);
      expect(await search('BACK')).toEqual(['back\\slash', 'backslash']);
    });
  });
});
