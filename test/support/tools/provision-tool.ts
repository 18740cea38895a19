import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program the test run needs from outside Node, and where this run takes it from. */
export interface ProvisionedTool {
  /** The executable, or the folder of executables, the tests use. */
  path: string;
  /** Where it came from: the recipe's environment variable or the label of the source that supplied it. */
  source: string;
}

/** One way to get a tool on this machine. */
export interface ToolSource {
  /** Said in messages and in `ProvisionedTool.source`, e.g. `npm @sparticuz/chromium 147.0.0`. */
  label: string;
  /** The tool's path, or undefined when this source has nothing here (try the next). Throws when the source applies but is broken. */
  find(): string | undefined | Promise<string | undefined>;
}

/** How the test run gets a tool: an explicit override, then its sources in order, else a failure that names the fix. */
export interface ToolRecipe {
  /** The tool's name in messages, e.g. `Chromium`. */
  name: string;
  /** An environment variable naming the path to use instead of every source; a path that does not exist fails the run. */
  envVar: string;
  /** Tried in order; the first that returns a path wins. */
  sources: readonly ToolSource[];
  /** The exact fix when no source has the tool, e.g. `run npm ci` or `apt-get install -y libreoffice-calc`. */
  fix: string;
}

/** The tool is missing or cannot run here; the message says what to do. Tests that need it fail with it, never skip. */
export class ToolMissingError extends Error {
  override name = 'ToolMissingError';
}

/**
 * Provides a tool the tests need, or fails with the fix. Recipes live next to
 * the tests that use them (`chromium-binary.ts`, `postgres-binaries.ts`).
 */
export async function provisionTool(recipe: ToolRecipe): Promise<ProvisionedTool> {
  const override = process.env[recipe.envVar];
  if (override) {
    if (!existsSync(override)) throw new ToolMissingError(`${recipe.name}: ${recipe.envVar}=${override} does not exist; fix the path or unset it.`);
    return { path: override, source: recipe.envVar };
  }
  for (const source of recipe.sources) {
    const path = await source.find();
    if (path) return { path, source: source.label };
  }
  const tried = recipe.sources.map((s) => s.label).join(', ');
  throw new ToolMissingError(`${recipe.name} is missing for the tests (tried ${tried || 'nothing'}). Fix: ${recipe.fix}, or set ${recipe.envVar}.`);
}

/** A system command on PATH (for tools that no npm package ships), or undefined. */
export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
