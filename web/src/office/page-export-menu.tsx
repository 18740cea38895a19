import { officeApi } from '../api/office-endpoints';
import { usePage } from '../apps/page-context';
import { DownloadMenu, type MenuChoice } from './download-button';

const POLL_MS = 400;

/** The page's values for an export's declared parameters (the page's filters, e.g. entity and year). */
function exportParams(declared: Record<string, unknown>, variables: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const name of Object.keys(declared)) if (name in variables && variables[name] !== undefined) params[name] = variables[name];
  return params;
}

/**
 * "Export ▾" on a page: the app's Excel and PowerPoint exports the user may run, filled with the
 * page's current parameters; an export with a pack also offers every file as one zip, with
 * progress while the server builds them.
 */
export function PageExportMenu() {
  const { app, variables } = usePage();
  const exports = Object.entries(app.exports ?? {});
  if (!exports.length) return null;
  const choices: MenuChoice[] = exports.flatMap(([name, spec]) => {
    const params = exportParams(spec.params, variables);
    const kind = spec.format === 'pptx' ? 'PowerPoint' : 'Excel';
    const single: MenuChoice = { id: name, label: spec.title, hint: kind, run: () => officeApi.runExport(app.name, name, params) };
    if (!spec.pack) return [single];
    const pack: MenuChoice = {
      id: `${name}-pack`,
      label: `${spec.title}: the whole pack`,
      hint: `${kind} files in one zip`,
      run: async (progress) => {
        let job = await officeApi.startPack(app.name, name, params);
        while (job.status === 'running') {
          progress(`Building ${job.done} of ${job.total}…`);
          await new Promise((done) => setTimeout(done, POLL_MS));
          job = await officeApi.job(job.jobId);
        }
        if (job.status === 'failed') throw new Error(job.error?.message ?? 'The pack could not be built.');
        return officeApi.jobFile(job.jobId);
      },
    };
    return [single, pack];
  });
  return <DownloadMenu label="Export" choices={choices} testId="page-export" />;
}
