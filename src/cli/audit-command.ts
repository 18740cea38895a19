import { SingleBar, Presets } from 'cli-progress';
import { verifyAuditChain } from '../governance/audit/index.js';
import { openProject } from '../runtime/open-project.js';

/** `roundtrip audit verify`: recomputes the audit hash chain; exit code 1 names every broken changeset. */
export async function auditVerifyCommand(projectDir: string, dataDir?: string): Promise<number> {
  const runtime = await openProject(projectDir, { dataDir });
  const bar = process.stdout.isTTY ? new SingleBar({ format: 'Verifying audit chain [{bar}] {value}/{total} changesets' }, Presets.shades_classic) : undefined;
  try {
    // Seal what running servers committed moments ago, so only real gaps are reported.
    await runtime.sealer.flush();
    let started = false;
    const report = await verifyAuditChain(runtime.warehouse, runtime.warehouse.dialect, runtime.current().config.audit.schema, (checked, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(checked);
    });
    bar?.stop();
    if (report.problems.length === 0) {
      process.stdout.write(`Audit chain intact: ${report.checked} changesets verified.\n`);
      return 0;
    }
    process.stdout.write(`Audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} changesets:\n`);
    for (const problem of report.problems) process.stdout.write(`  [${problem.kind}] ${problem.message}\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}
