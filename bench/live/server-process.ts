import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const STARTED = /Roundtrip is running: (http:\/\/\S+)/;

export interface ServerProcess {
  url: string;
  /** The server's process id (for CPU figures). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `roundtrip serve` on `projectDir` in a process of its own, on a free
 * port, so that the server is measured from outside: the viewers and the
 * writer of the live benchmark run in the benchmark's process. The source is
 * run through tsx, so the figures are those of the working tree, built or
 * not; `serverDir` runs another checkout instead (with its own node_modules),
 * e.g. the code before a change, to compare. `ROUNDTRIP_BENCH_NODE_OPTIONS`
 * adds flags to the server's node (e.g. `--cpu-prof`).
 */
export async function startServerProcess(projectDir: string, dataDir: string, serverDir = REPO): Promise<ServerProcess> {
  const nodeFlags = process.env.ROUNDTRIP_BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const args = [...nodeFlags, '--import', 'tsx', 'src/cli/main.ts', 'serve', projectDir, '--port', '0', '--data', dataDir];
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { ...process.env, ROUNDTRIP_LOG_LEVEL: 'error', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = STARTED.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
  // Keep reading, so that a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return { url, pid: child.pid!, stop: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
