import { checkDatasets } from '../query/index.js';
import { openProject } from '../runtime/open-project.js';
import { seedProgressBar } from './progress.js';

/** Validates every file and checks tables, columns and dataset SQL against the warehouse. Returns the exit code. */
export async function checkCommand(projectDir: string, dataDir?: string): Promise<number> {
  const progress = seedProgressBar();
  const runtime = await openProject(projectDir, { dataDir, onSeedProgress: progress.onProgress }).finally(progress.stop);
  try {
    const project = runtime.current();
    let failures = 0;
    for (const app of project.apps.values()) {
      const problems = await checkDatasets(runtime.warehouse, app);
      for (const p of problems) process.stdout.write(`${app.file}: datasets.${p.dataset}: ${p.message}\n`);
      failures += problems.length;
      process.stdout.write(
        `${problems.length ? '✗' : '✓'} ${app.file}: ${app.tables.size} tables, ${app.datasets.size} datasets, ${app.config.pages.length} pages\n`,
      );
    }
    process.stdout.write(failures ? `${failures} problems found.\n` : `Project ${project.config.name} is valid against the warehouse catalogue.\n`);
    return failures ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
