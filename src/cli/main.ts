#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { COMMANDS, overview, UsageError, usageLine, type CliArgs, type CliCommand } from './cli-commands.js';

const HELP = new Set(['--help', '-h']);

/** The command `argv` names and the arguments after its name; undefined for an unknown one. */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  // `roundtrip audit --help` and the like: the group's only command.
  const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
  if (group.length === 1 && argv.slice(1).some((arg) => HELP.has(arg))) return { command: group[0]!, rest: ['--help'] };
  return undefined;
}

/** Parses a command's arguments strictly: unknown options, missing values and extra or missing arguments are usage errors. */
function parseCommandArgs(command: CliCommand, args: string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const repeatable = new Set(command.repeatable ?? []);
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(command.options.map((o) => [o, { type: 'string' as const, multiple: repeatable.has(o) }])),
        ...Object.fromEntries((command.flags ?? []).map((f) => [f, { type: 'boolean' as const }])),
      },
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option '${option}'`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${option} needs a value`);
    throw new UsageError(message);
  }
  const required = command.positionals.filter((p) => !p.endsWith('?'));
  if (parsed.positionals.length < required.length) throw new UsageError(`missing ${required.slice(parsed.positionals.length).join(', ')}`);
  if (parsed.positionals.length > command.positionals.length) {
    const extra = parsed.positionals.slice(command.positionals.length).join(' ');
    throw new UsageError(`unexpected argument${parsed.positionals.length - command.positionals.length > 1 ? 's' : ''} ${extra}`);
  }
  const entries = Object.entries(parsed.values);
  const values = Object.fromEntries(entries.map(([name, value]) => [name, typeof value === 'string' ? value : undefined]));
  const lists = Object.fromEntries(entries.filter(([, value]) => Array.isArray(value)).map(([name, value]) => [name, (value as unknown[]).map(String)]));
  const flags = new Set(entries.filter(([, value]) => value === true).map(([name]) => name));
  return { values, lists, flags, positionals: parsed.positionals };
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || HELP.has(argv[0]!) || (argv[0] === 'help' && argv.length === 1)) {
    process.stdout.write(overview());
    return 0;
  }
  const asked = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
  const found = findCommand(asked);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${asked[0]} `));
    if (group.length) {
      const expected = group.map((c) => c.name.split(' ')[1]).join(', ');
      process.stderr.write(`roundtrip ${asked[0]}: expected ${expected} after ${asked[0]}\n${group.map(usageLine).join('\n')}\n`);
    } else {
      process.stderr.write(`roundtrip: unknown command '${asked[0]}'\n\n`);
      process.stdout.write(overview());
    }
    return 2;
  }
  const { command, rest } = found;
  // Help wins over everything else on the line, and never waits for stdin.
  if (rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined).some((arg) => HELP.has(arg))) {
    process.stdout.write(`${usageLine(command)}\n\n${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`roundtrip ${command.name}: ${error.message}\n${usageLine(command)}\nRun roundtrip ${command.name} --help for details.\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`roundtrip: ${(error instanceof Error ? error.message : '') || String(error)}\n`);
    process.exit(1);
  },
);
