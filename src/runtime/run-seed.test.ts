import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectSchema } from '../app-model/project-schema.js';
import { openWarehouse } from '../warehouse/open-warehouse.js';
import { runSeedIfNeeded } from './run-seed.js';

describe('seed blocks', () => {
  it('runs each block whose marker table is missing, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roundtrip-seed-'));
    writeFileSync(join(dir, 'a.sql'), 'CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);\n');
    writeFileSync(join(dir, 'b.sql'), 'CREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES (2);\n');
    const driver = await openWarehouse({ type: 'duckdb', path: join(dir, 'w.duckdb') });
    try {
      const first = projectSchema.parse({ name: 'p', roles: { admin: {} }, seed: { whenMissing: 'a', scripts: ['a.sql'] } });
      expect(await runSeedIfNeeded(driver, dir, first)).toBe(true);
      const both = projectSchema.parse({
        name: 'p',
        roles: { admin: {} },
        seed: [
          { whenMissing: 'a', scripts: ['a.sql'] },
          { whenMissing: 'b', scripts: { duckdb: ['b.sql'], postgres: ['b.sql'] } },
        ],
      });
      // Block a is there already (running it again would duplicate its row); block b is new.
      expect(await runSeedIfNeeded(driver, dir, both)).toBe(true);
      expect(await driver.query('SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b')).toMatchObject({ rows: [{ a: '1', b: '1' }] });
      expect(await runSeedIfNeeded(driver, dir, both)).toBe(false);
    } finally {
      await driver.close();
    }
  });

  it('names the engine a seed block has no scripts for, and runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roundtrip-seed-'));
    const driver = await openWarehouse({ type: 'duckdb', path: join(dir, 'w.duckdb') });
    try {
      const config = projectSchema.parse({ name: 'p', roles: { admin: {} }, seed: { whenMissing: 'a', scripts: { postgres: ['a.sql'] } } });
      await expect(runSeedIfNeeded(driver, dir, config)).rejects.toMatchObject({
        code: 'CFG_INVALID',
        message: expect.stringContaining('add seed.scripts.duckdb'),
      });
    } finally {
      await driver.close();
    }
  });

  it('rolls a failed seed back where DDL is transactional, and says what to drop where it is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roundtrip-seed-'));
    writeFileSync(join(dir, 'bad.sql'), 'CREATE TABLE made (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n');
    const config = projectSchema.parse({ name: 'p', roles: { admin: {} }, seed: { whenMissing: 'made', scripts: ['bad.sql'] } });
    for (const transactionalDdl of [true, false]) {
      const driver = await openWarehouse({ type: 'duckdb', path: join(dir, `w-${transactionalDdl}.duckdb`) });
      try {
        Object.assign(driver, { capabilities: { ...driver.capabilities, transactionalDdl } });
        const failure = await runSeedIfNeeded(driver, dir, config).catch((error: unknown) => error);
        expect(failure).toMatchObject({ message: expect.stringContaining('Seed script bad.sql failed') });
        const left = await driver.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'made'");
        expect(left.rows[0]?.n).toBe(transactionalDdl ? '0' : '1');
        expect((failure as Error).message.includes('drop what the seed created')).toBe(!transactionalDdl);
      } finally {
        await driver.close();
      }
    }
  });
});
