import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_FILE } from '../app-model/index.js';
import type { ProjectRuntime } from './open-project.js';

export interface ReloadOutcome {
  ok: boolean;
  error?: unknown;
}

/**
 * Reloads the project when `roundtrip.yaml` or an app file changes (debounced).
 * An invalid edit keeps the previous definitions running and is reported.
 */
export function watchProject(runtime: ProjectRuntime, onReload: (outcome: ReloadOutcome) => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      runtime.reload().then(
        () => onReload({ ok: true }),
        (error: unknown) => onReload({ ok: false, error }),
      );
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  watchers.push(watch(runtime.dir, (_event, file) => file === PROJECT_FILE && schedule()));
  try {
    // Dataset statements may live in .sql files beside the apps, in sub-folders too.
    watchers.push(watch(join(runtime.dir, 'apps'), { recursive: true }, (_event, file) => (!file || /\.(ya?ml|sql)$/.test(String(file))) && schedule()));
  } catch {
    // A project without an apps folder has nothing else to watch.
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
