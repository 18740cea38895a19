import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/cli-commands.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI with stdin left open: a command that waited for input
 * (hash-password) or started serving would hit the timeout instead of exiting.
 */
function runCli(args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the server first (npm run build:server)`);
});

describe('roundtrip --help', () => {
  it.each([[['--help']], [['-h']], [['help']], [[]]])('%j prints every command and exits 0', async (args) => {
    const run = await runCli(args);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: roundtrip <command>/);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} ${command.synopsis}`);
  });
});

describe.each(COMMANDS.map((command) => ({ command, name: command.name })))('roundtrip $name', ({ command }) => {
  const words = command.name.split(' ');

  it.each([[[...words, '--help']], [[...words, '-h']], [['help', ...words]], [[...words, '--frobnicate', '--help']]])(
    '%j prints its usage and options and exits 0 without running',
    async (args) => {
      const run = await runCli(args);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: roundtrip ${command.name} `));
      for (const option of command.options) expect(run.stdout).toContain(`--${option}`);
    },
  );

  it('refuses an unknown option with exit 2, the option named and the usage line', async () => {
    const run = await runCli([...words, '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`roundtrip ${command.name}: unknown option '--frobnicate'`);
    expect(run.stderr).toContain(`Usage: roundtrip ${command.name} ${command.synopsis}`);
  });

  it('is listed in the README with its options', () => {
    const cliSection = README.slice(README.indexOf('### CLI'), README.indexOf('## Supported warehouses'));
    const line = cliSection.split('\n').find((l) => l.startsWith(`roundtrip ${command.name} `) || l === `roundtrip ${command.name}`);
    expect(line, `README's CLI section has no line for roundtrip ${command.name}`).toBeDefined();
    for (const option of command.options) expect(line).toContain(`--${option}`);
  });
});

describe('usage errors exit 2 and say what is wrong', () => {
  it.each([
    [['serve', '--port'], 'roundtrip serve: --port needs a value'],
    [['serve', '--port', '99999'], 'roundtrip serve: --port must be a port number (0-65535), got 99999'],
    [['check', 'one', 'two'], 'roundtrip check: unexpected argument two'],
    [['init'], 'roundtrip init: missing DIR'],
    [
      ['init', 'somewhere', '--warehouse', 'oracle'],
      'roundtrip init: --warehouse must be duckdb, postgres, clickhouse, snowflake, bigquery, databricks or sqlserver, got oracle',
    ],
    [['schema', 'extra'], 'roundtrip schema: unexpected argument extra'],
    [['audit'], 'roundtrip audit: expected verify after audit'],
    [['audit', 'repair'], 'roundtrip audit: expected verify after audit'],
    [['help', 'frobnicate'], "roundtrip: unknown command 'frobnicate'"],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
