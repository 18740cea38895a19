import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionPostgres } from './tools/postgres-binaries.js';

export interface PostgresCluster {
  host: string;
  port: number;
  user: string;
  dataDir: string;
  /** With `tls`: the server's self-signed certificate (PEM), for clients to trust. */
  certificate?: string;
  stop(): void;
}

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 and a free port, with its
 * socket in its own temp folder (never the machine's 5432), from the binaries
 * `provisionPostgres` provides (npm's, or `ROUNDTRIP_PG_BIN`). Throws, and so
 * fails the run, when they cannot run here. With `tls`, the server also
 * accepts TLS with a self-signed certificate for 127.0.0.1 (made with openssl).
 */
export async function startPostgresCluster(options: { tls?: boolean } = {}): Promise<PostgresCluster> {
  const { binDir, runAs } = await provisionPostgres();
  const root = mkdtempSync(join(tmpdir(), 'roundtrip-pg-'));
  const dataDir = join(root, 'data');
  // PostgreSQL refuses to run as root: then the server's files belong to, and its programs run as, an unprivileged account.
  if (runAs) chownSync(root, runAs.uid, runAs.gid);
  const run = (command: string, args: string[]) => {
    const result = spawnSync(join(binDir, command), args, { encoding: 'utf8', ...(runAs && { uid: runAs.uid, gid: runAs.gid }) });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.error?.message ?? (result.stderr || result.stdout)}`);
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  let settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  let certificate: string | undefined;
  if (options.tls) {
    const [cert, key] = [join(root, 'server.crt'), join(root, 'server.key')];
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl could not make the test certificate: ${made.stderr}`);
    // PostgreSQL refuses a key others can read.
    chmodSync(key, 0o600);
    if (runAs) for (const file of [cert, key]) chownSync(file, runAs.uid, runAs.gid);
    certificate = readFileSync(cert, 'utf8');
    settings += ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  run('pg_ctl', ['-D', dataDir, '-o', settings, '-l', join(root, 'server.log'), '-w', 'start']);
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    dataDir,
    certificate,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
