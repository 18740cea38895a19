/**
 * `npm run test:live -- --engine <snowflake|bigquery|databricks|sqlserver>`:
 * the driver conformance suite and every engine-neutral behaviour suite
 * (the files that loop over ENGINES or STRATEGY_ENGINES) against a cloud
 * account given by `ROUNDTRIP_<ENGINE>_*` variables. Without them the run
 * says which are missing and stops: skipped, with that reason.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLiveEngineName, LIVE_ENGINE_NAMES, liveConnection } from '../test/support/live-engines.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { engine: { type: 'string' }, 'conformance-only': { type: 'boolean' } } });
const engine = values.engine ?? '';
if (!isLiveEngineName(engine)) {
  console.error(`usage: npm run test:live -- --engine ${LIVE_ENGINE_NAMES.join('|')} [--conformance-only]`);
  process.exit(2);
}
const found = liveConnection(engine);
if ('missing' in found) {
  console.log(`skipped: the live ${engine} suite needs ${found.missing.join(', ')} (README: "Verifying a cloud warehouse").`);
  process.exit(0);
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'browser' || entry === 'live' ? [] : testFiles(path);
    return entry.endsWith('.test.ts') && /\b(?:STRATEGY_)?ENGINES\b/.test(readFileSync(path, 'utf8')) ? [relative(root, path)] : [];
  });
}

const files = ['test/live/live-conformance.test.ts', ...(values['conformance-only'] ? [] : testFiles(join(root, 'test')))];
console.log(`live ${engine}: ${files.length} files`);
const env = { ...process.env, ROUNDTRIP_TEST_ENGINES: engine, ROUNDTRIP_LIVE_ENGINE: engine };
const run = spawnSync('npx', ['vitest', 'run', '--project', 'core', ...files], { cwd: root, env, stdio: 'inherit' });
process.exit(run.status ?? 1);
