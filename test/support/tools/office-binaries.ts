import { execFileSync, spawnSync } from 'node:child_process';
import { findOnPath, provisionTool, ToolMissingError } from './provision-tool.js';

const PACKAGES = ['libreoffice-calc', 'libreoffice-impress', 'poppler-utils'];
const FIX = `apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

/**
 * Installs LibreOffice and poppler from the system's package manager, once,
 * when this run may (root, with apt-get): no npm package ships them. Prints
 * apt's progress to stderr; a failed install fails the run with the fix.
 */
function installWithApt(): string | undefined {
  if (process.getuid?.() !== 0 || !findOnPath('apt-get')) return undefined;
  process.stderr.write(`LibreOffice is missing: installing ${PACKAGES.join(', ')} with apt-get (once; a few minutes)…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env, timeout: 20 * 60_000 });
    if (run.status !== 0) throw new ToolMissingError(`LibreOffice: apt-get ${args[0]} failed (exit ${run.status}). Fix: ${FIX}`);
  }
  return findOnPath('soffice');
}

/**
 * `soffice` (rendering .xlsx and .pptx to PDF) and `pdftotext` beside it:
 * ROUNDTRIP_SOFFICE, else the system's, else installed by this run with
 * apt-get where it may; otherwise the suite fails with the install command.
 */
export async function provisionOffice(): Promise<{ soffice: string; pdftotext: string }> {
  const soffice = await provisionTool({
    name: 'LibreOffice',
    envVar: 'ROUNDTRIP_SOFFICE',
    sources: [
      { label: 'soffice on PATH', find: () => findOnPath('soffice') },
      { label: 'apt-get install (as root)', find: installWithApt },
    ],
    fix: FIX,
  });
  let pdftotext = findOnPath('pdftotext');
  if (!pdftotext) {
    installWithApt();
    pdftotext = findOnPath('pdftotext');
  }
  if (!pdftotext) throw new ToolMissingError(`pdftotext (poppler) is missing for the tests. Fix: ${FIX}`);
  execFileSync(soffice.path, ['--version'], { stdio: 'ignore', timeout: 60_000 });
  return { soffice: soffice.path, pdftotext };
}
