#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildJsonSchemas } from '../app-model/index.js';
import { hashPassword } from '../governance/passwords.js';
import { auditVerifyCommand } from './audit-command.js';
import { checkCommand } from './check-command.js';
import { initCommand } from './init-command.js';
import { describe, serveCommand } from './serve-command.js';

const USAGE = `Usage: roundtrip <command>

  serve [projectDir] [--port N] [--host H] [--data DIR]   start the server (default port 4000)
  init DIR [--warehouse duckdb|postgres]                   scaffold a project from the demo
  check [projectDir] [--data DIR]                          validate files against the schema and the warehouse
  audit verify [projectDir] [--data DIR]                   recompute the audit hash chain; exit 1 on tampering
  hash-password                                            read a password from stdin, print its scrypt hash
  schema [--out DIR]                                       print or write the JSON Schemas of the config files
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, warehouse: { type: 'string' } },
  });
  switch (command) {
    case 'serve': {
      const port = Number(values.port ?? process.env.PORT ?? 4000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
      await serveCommand({ projectDir: positionals[0] ?? '.', port, host: values.host ?? '127.0.0.1', dataDir: values.data });
      return -1;
    }
    case 'check':
      return checkCommand(positionals[0] ?? '.', values.data);
    case 'audit': {
      if (positionals[0] !== 'verify') throw new Error('usage: roundtrip audit verify [projectDir] [--data DIR]');
      return auditVerifyCommand(positionals[1] ?? '.', values.data);
    }
    case 'init': {
      if (!positionals[0]) throw new Error('init needs a target folder: roundtrip init DIR [--warehouse duckdb|postgres]');
      const warehouse = values.warehouse ?? 'duckdb';
      if (warehouse !== 'duckdb' && warehouse !== 'postgres') throw new Error(`--warehouse must be duckdb or postgres, got ${warehouse}`);
      const dir = initCommand(positionals[0], warehouse);
      process.stdout.write(`Created ${dir}. Start it with: roundtrip serve ${positionals[0]}\n`);
      return 0;
    }
    case 'hash-password': {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const password = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      if (!password) throw new Error('send the password on stdin');
      process.stdout.write(`${await hashPassword(password)}\n`);
      return 0;
    }
    case 'schema': {
      if (values.out) mkdirSync(values.out, { recursive: true });
      for (const [file, text] of Object.entries(buildJsonSchemas())) {
        if (values.out) writeFileSync(`${values.out}/${file}`, text);
        else process.stdout.write(text);
      }
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`roundtrip: ${describe(error) || String(error)}\n`);
    process.exit(1);
  },
);
