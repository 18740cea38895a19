import { describe, expect, it } from 'vitest';
import { loadProject, type ConfigIssue } from '../../src/app-model/index.js';
import { AppError } from '../../src/errors/index.js';
import { PLACEHOLDER_HASH, writeProject } from '../support/fixture-project.js';

const PROJECT = `name: Display fixture
roles:
  editor: { description: Edits things }
users:
  - username: ed
    passwordHash: "${PLACEHOLDER_HASH}"
    roles: [editor]
`;

function app(blocks: string): string {
  return `title: Things
roles: [editor]
datasets:
  things:
    sql: SELECT 1 AS amount, 'x' AS changeset_id
pages:
  - id: main
    title: Main
    blocks:
${blocks}`;
}

function load(blocks: string) {
  const project = writeProject({ 'roundtrip.yaml': PROJECT, 'apps/x.yaml': app(blocks) });
  try {
    return loadProject(project.dir);
  } finally {
    project.remove();
  }
}

function loadIssues(blocks: string): ConfigIssue[] {
  let caught: unknown;
  try {
    load(blocks);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('CFG_INVALID');
  return (caught as AppError).details.issues as ConfigIssue[];
}

const messages = (issues: ConfigIssue[]) => issues.map((i) => i.message).join('\n');

describe('KPI and table display settings', () => {
  it('accepts a KPI with currency, unit, decimals and compact, and table columns as names or objects with a changeset link', () => {
    const loaded = load(`      - { id: total, type: kpi, dataset: things, value: amount, format: currency, currency: EUR, decimals: 0, compact: true }
      - { id: fte, type: kpi, dataset: things, value: amount, unit: FTE }
      - id: list
        type: table
        dataset: things
        columns:
          - amount
          - { column: changeset_id, label: Change, link: { changeset: changeset_id } }
          - { column: amount_eur, format: currency, currency: USD }
`);
    const blocks = loaded.apps.get('x')?.config.pages[0]?.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual(['kpi', 'kpi', 'table']);
  });

  it('refuses a currency that is not an ISO 4217 code', () => {
    expect(messages(loadIssues(`      - { id: total, type: kpi, dataset: things, value: amount, currency: euro }\n`))).toMatch(/ISO 4217/);
    expect(messages(loadIssues(`      - { id: total, type: kpi, dataset: things, value: amount, currency: XYZ }\n`))).toMatch(/'XYZ' is not an ISO 4217/);
  });

  it('refuses a currency on a percent KPI, a table column currency without format currency, and a column listed twice', () => {
    expect(messages(loadIssues(`      - { id: total, type: kpi, dataset: things, value: amount, format: percent, currency: EUR }\n`))).toMatch(
      /a percent KPI has no currency/,
    );
    const issues = loadIssues(`      - { id: list, type: table, dataset: things, columns: [amount, { column: amount, currency: EUR }] }\n`);
    expect(messages(issues)).toMatch(/listed twice/);
    expect(messages(issues)).toMatch(/currency applies to format: currency/);
  });

  it('refuses a link that is not a changeset link, and unknown column formats', () => {
    expect(messages(loadIssues(`      - { id: list, type: table, dataset: things, columns: [{ column: amount, link: { url: x } }] }\n`))).not.toBe('');
    expect(messages(loadIssues(`      - { id: list, type: table, dataset: things, columns: [{ column: amount, format: money }] }\n`))).not.toBe('');
  });

  it('accepts a table drill into a filter variable of the page and refuses one into a variable no filter sets', () => {
    const filter = `      - { id: pick, type: filter, param: region }\n`;
    expect(() => load(`${filter}      - { id: list, type: table, dataset: things, drill: { params: { region: changeset_id } } }\n`)).not.toThrow();
    expect(messages(loadIssues(`${filter}      - { id: list, type: table, dataset: things, drill: { params: { country: changeset_id } } }\n`))).toMatch(
      /'country' is not a page variable/,
    );
  });
});
