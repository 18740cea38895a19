import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { provisionTool, ToolMissingError } from './provision-tool.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const PACKAGE = '@sparticuz/chromium';
/** Unpacked builds, one folder per package version; `npm ci` starts it afresh. */
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'roundtrip');

/** Flags every browser test passes, whichever build runs. */
const COMMON_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Flags of the packaged build's recommended list that the tests leave out:
 * the first three switch off the same-origin and mixed-content rules the
 * app's security is tested against; one process for every page makes a
 * browser with several pages fragile.
 */
const DROPPED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--single-process']);

export interface ChromiumBinary {
  executablePath: string;
  /** Command-line flags for this build. */
  args: string[];
  /** Environment the browser process gets (the process's own plus these). */
  env: Record<string, string>;
  /** `ROUNDTRIP_CHROMIUM`, or the npm package and version it was unpacked from. */
  source: string;
}

let provisioned: Promise<ChromiumBinary> | undefined;

/**
 * The browser the browser tests drive: `ROUNDTRIP_CHROMIUM` when set,
 * otherwise always the Chromium that the npm package `@sparticuz/chromium`
 * ships (unpacked once into `node_modules/.cache/roundtrip/`), so every
 * machine runs the same browser with the same fonts. Throws
 * `ToolMissingError` with the fix when it cannot run here.
 */
export function provisionChromium(): Promise<ChromiumBinary> {
  provisioned ??= provisionTool({
    name: 'Chromium',
    envVar: 'ROUNDTRIP_CHROMIUM',
    sources: [{ label: `npm ${PACKAGE} ${packageVersion() ?? '(not installed)'}`, find: unpackPackagedChromium }],
    fix: `run npm ci (it installs ${PACKAGE})`,
  }).then(async (tool): Promise<ChromiumBinary> => {
    if (tool.source === 'ROUNDTRIP_CHROMIUM') return { executablePath: tool.path, args: COMMON_ARGS, env: {}, source: tool.source };
    const { default: packaged } = await import('@sparticuz/chromium');
    const args = [...packaged.args.filter((flag) => !DROPPED_ARGS.has(flag) && !flag.startsWith('--headless')), ...COMMON_ARGS];
    // Only the fonts the package ships: the same text metrics on every machine.
    return { executablePath: tool.path, args, env: { FONTCONFIG_FILE: join(tool.path, '..', 'fonts.conf') }, source: tool.source };
  });
  return provisioned;
}

function packageVersion(): string | undefined {
  const file = join(REPO_ROOT, 'node_modules', PACKAGE, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/**
 * Unpacks the package's compressed build into a versioned folder of the
 * cache, atomically (a staging folder renamed into place), so parallel test
 * files and parallel runs never see half a browser.
 */
async function unpackPackagedChromium(): Promise<string | undefined> {
  const version = packageVersion();
  if (!version) return undefined;
  const dir = join(CACHE_DIR, `chromium-${version}`);
  const binary = join(dir, 'chromium');
  // fonts.conf is written last, just before the rename: a folder without it is not ours to trust.
  const complete = () => existsSync(join(dir, 'fonts.conf'));
  if (!complete()) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const staging = mkdtempSync(join(CACHE_DIR, `.chromium-${version}-`));
    try {
      // The package unpacks into the temp folder: point that at the staging folder, in a process of its own.
      await promisify(execFile)(
        process.execPath,
        ['--input-type=module', '-e', `const { default: c } = await import('${PACKAGE}'); await c.executablePath();`],
        { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: staging } },
      );
      writeFileSync(
        join(staging, 'fonts.conf'),
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts', 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
      );
      if (existsSync(dir) && !complete()) rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(staging, dir);
      } catch (error) {
        // Another process unpacked the same version first: use theirs.
        if (!complete()) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  assertLibrariesPresent(binary);
  return binary;
}

/** The packaged build still links a few system libraries (NSS, expat); name the missing ones and the Debian packages that bring them. */
function assertLibrariesPresent(binary: string): void {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (ldd.error) return; // no ldd (not glibc): the launch itself will say what is wrong
  const missing = [...ldd.stdout.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]!);
  if (missing.length === 0) return;
  const packages = new Set(missing.map((lib) => (lib.startsWith('libexpat') ? 'libexpat1' : /^lib(nss|nspr|plc|plds|smime)/.test(lib) ? 'libnss3' : lib)));
  throw new ToolMissingError(
    `Chromium from ${PACKAGE} needs system libraries that are missing: ${missing.join(', ')}. Fix (Debian/Ubuntu): apt-get install -y ${[...packages].join(' ')}, or set ROUNDTRIP_CHROMIUM.`,
  );
}
