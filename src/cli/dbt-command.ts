import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildDbtSources } from '../dbt/dbt-sources.js';
import { openProject } from '../runtime/open-project.js';
import { seedProgressBar } from './progress.js';

const HEADER = `# dbt sources written by \`roundtrip dbt\`: the tables Roundtrip apps write to and the
# audit trail of every change. Write it again after changing an app's tables.
`;

/** Writes dbt `sources.yml` for the writable tables and the audit tables. Returns the exit code. */
export async function dbtCommand(projectDir: string, out: string | undefined, dataDir?: string): Promise<number> {
  const progress = seedProgressBar();
  const runtime = await openProject(projectDir, { dataDir, onSeedProgress: progress.onProgress }).finally(progress.stop);
  try {
    const catalog = await runtime.warehouse.introspect();
    const sources = buildDbtSources(runtime.current(), catalog, runtime.warehouse.dialect.defaultSchema);
    const text = HEADER + stringify(sources, { lineWidth: 0 });
    if (!out) {
      process.stdout.write(text);
      return 0;
    }
    writeFileSync(out, text);
    const tables = sources.sources.reduce((n, s) => n + s.tables.length, 0);
    process.stdout.write(`Wrote ${out}: ${sources.sources.length} sources, ${tables} tables.\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
