import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findOnPath, provisionTool, ToolMissingError } from './provision-tool.js';

const FIX = 'apt-get install -y --no-install-recommends python3-sqlglot';
const SCRIPT = resolve(import.meta.dirname, 'parse-sql.py');

/** A Python that imports sqlglot, or undefined. */
function withSqlglot(python: string | undefined): string | undefined {
  if (!python) return undefined;
  const probe = spawnSync(python, ['-c', 'import sqlglot'], { stdio: 'ignore', timeout: 30_000 });
  return probe.status === 0 ? python : undefined;
}

/** Debian's sqlglot, installed once by this run where it may (root, with apt-get). */
function installWithApt(): string | undefined {
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) return undefined;
  process.stderr.write('sqlglot is missing: installing python3-sqlglot with apt-get (once)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'python3-sqlglot']]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env, timeout: 20 * 60_000 });
    if (run.status !== 0) throw new ToolMissingError(`sqlglot: apt-get ${args[0]} failed (exit ${run.status}). Fix: ${FIX}`);
  }
  return withSqlglot('/usr/bin/python3');
}

/**
 * The Python that parses SQL for the dialect tests: ROUNDTRIP_SQLGLOT_PYTHON,
 * else the system's Python with sqlglot, else installed by this run with
 * apt-get where it may; otherwise the suite fails with the install command.
 */
export async function provisionSqlParser(): Promise<string> {
  const tool = await provisionTool({
    name: 'sqlglot (SQL parser)',
    envVar: 'ROUNDTRIP_SQLGLOT_PYTHON',
    sources: [
      { label: 'the system Python with sqlglot', find: () => withSqlglot('/usr/bin/python3') ?? withSqlglot(findOnPath('python3')) },
      { label: 'apt-get install (as root)', find: installWithApt },
    ],
    fix: FIX,
  });
  return tool.path;
}

export interface ParseOutcome {
  ok: boolean;
  error: string;
  kinds: string[];
}

/** Parses each statement with sqlglot in its dialect (`tsql`, `snowflake`, `bigquery`, `databricks`, …), in one process. */
export function parseStatements(python: string, statements: readonly { dialect: string; sql: string }[]): ParseOutcome[] {
  const output = execFileSync(python, [SCRIPT], { input: JSON.stringify(statements), maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return JSON.parse(output.toString()) as ParseOutcome[];
}
