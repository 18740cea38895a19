import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig } from '../app-model/index.js';
import { AppError } from '../errors/index.js';
import { diagnosticMessage } from '../warehouse/driver-errors.js';
import { findCatalogTable } from '../warehouse/catalog.js';
import type { SqlRunner, WarehouseDriver } from '../warehouse/driver.js';

export type SeedProgress = (done: number, total: number, label: string) => void;

/**
 * Runs each seed block whose marker table is missing (first start of a demo,
 * or a block added to the project later). All statements run in one
 * transaction where the warehouse can roll DDL back: an interrupted seed
 * leaves nothing behind and runs again next time.
 */
export async function runSeedIfNeeded(driver: WarehouseDriver, dir: string, config: ProjectConfig, onProgress?: SeedProgress): Promise<boolean> {
  if (!config.seed) return false;
  const catalog = await driver.introspect();
  const blocks = Array.isArray(config.seed) ? config.seed : [config.seed];
  const due = blocks.filter((block) => !findCatalogTable(catalog, block.whenMissing, driver.dialect.defaultSchema));
  if (!due.length) return false;
  // Seed SQL is written per dialect: a project may give one list per warehouse type.
  const engine = driver.dialect.name;
  const chosen = due.flatMap(({ whenMissing, scripts }) => {
    const list = Array.isArray(scripts) ? scripts : scripts[engine as keyof typeof scripts];
    if (!list)
      throw new AppError('CFG_INVALID', `roundtrip.yaml: the seed block for ${whenMissing} has no scripts for this warehouse; add seed.scripts.${engine}.`, {
        whenMissing,
      });
    return list;
  });
  const statements = chosen.flatMap((script) => splitStatements(readFileSync(join(dir, script), 'utf8')).map((statement) => ({ script, statement })));
  // DDL that commits a transaction (Snowflake) or is refused in one (BigQuery) runs statement by statement.
  const inOneTransaction = driver.capabilities.transactions && driver.capabilities.transactionalDdl;
  const runAll = async (runner: SqlRunner) => {
    for (const [i, { script, statement }] of statements.entries()) {
      onProgress?.(i, statements.length, script);
      await runner.query(statement).catch((error: unknown) => {
        // Seeds run at start, for the operator: name the script and give the warehouse's own words.
        const code = error instanceof AppError ? error.code : 'DRV_QUERY_FAILED';
        const partial = inOneTransaction ? '' : ' This warehouse cannot roll DDL back: drop what the seed created before starting again.';
        throw new AppError(code, `Seed script ${script} failed: ${diagnosticMessage(error)}${partial}`, { script }, { cause: error });
      });
    }
  };
  if (inOneTransaction) await driver.transaction(runAll);
  else await runAll(driver);
  onProgress?.(statements.length, statements.length, 'done');
  return true;
}

/** Splits a script on semicolons that end a line (seed scripts are project-owned SQL). */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
