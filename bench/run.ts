import { resolve } from 'node:path';
import { JOURNAL_ROWS, startBenchServer } from './bench-project.js';
import { closeConnections } from './lib/http-client.js';
import { machine, recordResults, renderResults } from './lib/report.js';
import { runReadBench } from './read-bench.js';
import { runWriteBench } from './write-bench.js';

/**
 * Roundtrip's benchmark: the API against the raw warehouse driver, side by
 * side in one run on the same data. Exits non-zero only when something failed,
 * never because a target was missed.
 *
 *   npm run bench -- [--record] [--writes N] [--reads N]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
};
const record = args.includes('--record');
const writesPerSide = option('--writes', 1000);
const readRounds = option('--reads', 100);

const log = (line: string) => console.log(line);
const errors: string[] = [];

log(`Roundtrip benchmark on ${machine()}`);
log(`Starting the server on a temp copy of the demo with ${JOURNAL_ROWS.toLocaleString('en')} journal rows…`);
const server = await startBenchServer(log);
try {
  const writes = await runWriteBench(server, { perSide: writesPerSide, batch: 10, warmup: 200, concurrencies: [1, 16] }, log, errors);
  const read = await runReadBench(server, { rounds: readRounds, warmup: 3 }, log, errors);
  const outcome = { writes, read, readRows: JOURNAL_ROWS, writesPerSide, readRounds };
  const lines = renderResults(outcome);
  log('');
  for (const line of lines) log(line);
  if (errors.length) {
    log('');
    log(`${errors.length} error(s):`);
    for (const error of errors.slice(0, 20)) log(`  ${error}`);
  } else if (record) {
    const path = resolve(import.meta.dirname, 'RESULTS.md');
    recordResults(path, outcome, lines);
    log(`\nRecorded in ${path}`);
  }
} catch (error) {
  errors.push((error as Error).stack ?? String(error));
  console.error(error);
} finally {
  closeConnections();
  await server.close();
}
process.exitCode = errors.length ? 1 : 0;
