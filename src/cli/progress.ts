import { SingleBar, Presets } from 'cli-progress';
import type { SeedProgress } from '../runtime/run-seed.js';

/** A progress bar for long first-start work, on stderr (stdout stays the command's output); plain lines when stderr is not a terminal. */
export function seedProgressBar(): { onProgress: SeedProgress; stop: () => void } {
  if (!process.stderr.isTTY) {
    let lastLabel = '';
    return {
      onProgress: (done, total, label) => {
        if (label !== lastLabel) process.stderr.write(`Generating demo data: ${label} (${done}/${total})\n`);
        lastLabel = label;
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: 'Generating demo data [{bar}] {value}/{total} statements · {label}', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (done, total, label) => {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      }
      bar.update(done, { label });
    },
    stop: () => started && bar.stop(),
  };
}
