import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { AppError } from '../errors/index.js';
import { planPack } from '../exports/export-pack.js';
import { type ExportParams, runExport } from '../exports/run-export.js';
import { findLocalUser } from '../governance/identity/local-users.js';
import { canOpenApp } from '../governance/principal.js';
import { openProject } from '../runtime/open-project.js';
import { UsageError } from './cli-commands.js';

export interface ExportCommandOptions {
  projectDir: string;
  dataDir?: string;
  app: string;
  exportName: string;
  /** The user whose read policies and warehouse identity the export runs under. */
  as: string;
  params: ExportParams;
  pack: boolean;
  /** The file to write; default the export's own file name in the current folder. */
  out?: string;
}

/** `k=v` pairs of `--param`: numbers stay text (the export's parameter types decide), `null` is null. */
export function parseExportParams(pairs: readonly string[]): ExportParams {
  const params: ExportParams = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--param needs name=value, got '${pair}'`);
    const name = pair.slice(0, at);
    if (Object.hasOwn(params, name)) throw new UsageError(`--param ${name} is given twice`);
    const value = pair.slice(at + 1);
    params[name] = value === 'null' ? null : value;
  }
  return params;
}

/**
 * `roundtrip export`: fills one of an app's Excel or PowerPoint exports from
 * live data as a given user (their read policies and warehouse identity, as
 * in the browser), or a pack of one file per value as a zip with a progress
 * bar, and records the export in the activity figures like any other.
 */
export async function exportCommand(options: ExportCommandOptions): Promise<number> {
  const runtime = await openProject(options.projectDir, { dataDir: options.dataDir });
  try {
    const principal = await findLocalUser(runtime.system, options.as);
    if (!principal) throw new AppError('USER_NOT_FOUND', `No enabled user '${options.as}' in this project; --as names the user the export runs as.`);
    const app = runtime.current().apps.get(options.app);
    if (!app || !canOpenApp(principal, app)) {
      throw new AppError('APP_NOT_FOUND', `No app '${options.app}' that ${options.as} may open (apps: ${[...runtime.current().apps.keys()].join(', ')}).`);
    }
    const context = {
      driver: runtime.warehouse,
      projectDir: runtime.dir,
      auditSchema: runtime.current().config.audit.schema,
      identity: runtime.identityFor(principal),
    };
    let file: { fileName: string; data: Buffer };
    if (options.pack) {
      const plan = await planPack(context, app, options.exportName, principal, options.params);
      const bar = process.stdout.isTTY
        ? new SingleBar({ format: 'Exporting [{bar}] {value}/{total} files', hideCursor: true }, Presets.shades_classic)
        : undefined;
      bar?.start(plan.values.length, 0);
      file = await plan.run((done, total) => {
        if (bar) bar.update(done);
        else if (done > 0) process.stdout.write(`Exported ${done}/${total} files\n`);
      });
      bar?.stop();
    } else {
      file = await runExport(context, app, options.exportName, principal, options.params);
    }
    const out = resolve(options.out ?? file.fileName);
    writeFileSync(out, file.data);
    process.stdout.write(`Wrote ${out} (${file.data.length.toLocaleString('en')} bytes)\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`roundtrip export: ${error.message} [${error.code}]\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}
