import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.js';
import { DuckdbDriver } from '../../src/warehouse/duckdb/duckdb-driver.js';

// A real invalidation: DuckDB invalidates its instance when a checkpoint cannot
// be written. A tiny tmpfs (the test runs as root, like CI) fills up on demand.
const mountPoint = mkdtempSync(join(tmpdir(), 'roundtrip-full-disk-'));
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]);
afterAll(() => {
  execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

it('reopens the embedded warehouse after DuckDB invalidates it, keeping committed data', async () => {
  const driver = await DuckdbDriver.connect({ path: join(mountPoint, 'warehouse.duckdb') });
  await driver.query("SET wal_autocheckpoint = '1TB'");
  await driver.query('CREATE TABLE t (a VARCHAR)');
  await driver.query('INSERT INTO t SELECT md5(CAST(i AS VARCHAR)) FROM range(0, 20000) r(i)');
  const filler = join(mountPoint, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1k', 'count=100000'], { stdio: 'ignore' });
  } catch {
    // dd stops with "no space left": the disk is full, which is the point
  }
  const failure = await driver.query('CHECKPOINT').catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(AppError);
  expect((failure as AppError).code).toBe('DRV_CONNECTION');
  writeFileSync(filler, '');
  const { rows } = await driver.query('SELECT count(*) AS n FROM t');
  expect(Number(rows[0]!.n)).toBe(20000);
  expect(driver.reopenCount).toBe(1);
  await driver.close();
});
