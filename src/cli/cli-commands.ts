import { mkdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_WAREHOUSE, ENGINE_NAMES, ENGINE_SCAFFOLDS, isEngineName } from '../warehouse/engines.js';
import { isTemplateName, PROJECT_TEMPLATES, TEMPLATE_NAMES } from './project-templates.js';

// Each command loads its modules when it runs, so `--help` and usage errors answer at once.

/** A wrong command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What parseArgs gives a command: option values by name, repeated options' values, flags and the positional arguments. */
export interface CliArgs {
  values: Record<string, string | undefined>;
  /** Every value of each option in `repeatable`, in order. */
  lists: Record<string, string[]>;
  /** The flags (options without a value) given. */
  flags: Set<string>;
  positionals: string[];
}

/** One command of `roundtrip`: its help and how it runs. */
export interface CliCommand {
  /** The words that name it, e.g. `audit verify`. */
  name: string;
  /** The arguments after the name, as the usage line shows them. */
  synopsis: string;
  /** One line for `roundtrip --help`. */
  summary: string;
  /** What `roundtrip <command> --help` says below the usage line: what it does, its options, its exit codes. */
  help: string;
  /** The options it accepts that take a value; any other option is a usage error. */
  options: readonly string[];
  /** Of `options`, those that may be given more than once. */
  repeatable?: readonly string[];
  /** Options without a value (e.g. `--pack`). */
  flags?: readonly string[];
  /** Names of the positional arguments it accepts, in order (`?` marks an optional one). */
  positionals: readonly string[];
  /** Runs it; resolves to the exit code, or -1 to keep the process running (a server). */
  run(args: CliArgs): Promise<number>;
}

const DATA_OPTION = "  --data DIR     the data folder (default <projectDir>/.data): the embedded system store, and an embedded warehouse's file";

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'serve',
    synopsis: '[projectDir] [--port N] [--host H] [--data DIR]',
    summary: 'start the server (default port 4000)',
    help: `Starts the server for the project in projectDir (default: the current folder) and reloads
the app files when they change. Prints the URL and the project's logins.

Options:
  --port N       port to listen on (default: $PORT, else 4000; 0 picks a free port)
  --host H       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
${DATA_OPTION}`,
    options: ['port', 'host', 'data'],
    positionals: ['projectDir?'],
    async run({ values, positionals }) {
      const text = values.port ?? process.env.PORT ?? '4000';
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${text}`);
      const { serveCommand } = await import('./serve-command.js');
      await serveCommand({ projectDir: positionals[0] ?? '.', port, host: values.host ?? '127.0.0.1', dataDir: values.data });
      return -1;
    },
  },
  {
    name: 'init',
    synopsis: `DIR [--warehouse ${ENGINE_NAMES.join('|')}] [--template ${TEMPLATE_NAMES.join('|')}]`,
    summary: 'scaffold a project from the demo',
    help: `Creates a project in DIR (new or empty) from the demo: roundtrip.yaml, apps/ and the seed
scripts, no data. Exit 1 when DIR is not empty.

Options:
  --warehouse W  the warehouse engine (default ${DEFAULT_WAREHOUSE.type}):
${ENGINE_NAMES.map((name) => `                 ${name}: ${ENGINE_SCAFFOLDS[name].help}`).join('\n')}
  --template T   start from one data-app pattern of the demo instead of all of them
                 (its apps, seed data, roles and users only):
${TEMPLATE_NAMES.map((name) => `                 ${name}: ${PROJECT_TEMPLATES[name].summary}`).join('\n')}`,
    options: ['warehouse', 'template'],
    positionals: ['DIR'],
    async run({ values, positionals }) {
      const warehouse = values.warehouse ?? DEFAULT_WAREHOUSE.type;
      if (!isEngineName(warehouse))
        throw new UsageError(`--warehouse must be ${ENGINE_NAMES.slice(0, -1).join(', ')} or ${ENGINE_NAMES.at(-1)}, got ${warehouse}`);
      const unavailable = ENGINE_SCAFFOLDS[warehouse].unavailable;
      if (unavailable) throw new UsageError(`--warehouse ${warehouse}: ${unavailable}`);
      const template = values.template;
      if (template !== undefined && !isTemplateName(template))
        throw new UsageError(`--template must be ${TEMPLATE_NAMES.slice(0, -1).join(', ')} or ${TEMPLATE_NAMES.at(-1)}, got ${template}`);
      const { initCommand } = await import('./init-command.js');
      const dir = initCommand(positionals[0]!, warehouse, template);
      process.stdout.write(`Created ${dir}. Start it with: roundtrip serve ${positionals[0]}\n`);
      return 0;
    },
  },
  {
    name: 'check',
    synopsis: '[projectDir] [--data DIR]',
    summary: 'validate files against the schema and the warehouse',
    help: `Validates every file of the project in projectDir (default: the current folder) against
the schema, then checks tables, columns and every dataset's SQL against the warehouse.
Exit 0 when valid; 1 with every problem listed (file, line, what is wrong).

Options:
${DATA_OPTION}`,
    options: ['data'],
    positionals: ['projectDir?'],
    run: async ({ values, positionals }) => (await import('./check-command.js')).checkCommand(positionals[0] ?? '.', values.data),
  },
  {
    name: 'audit verify',
    synopsis: '[projectDir] [--data DIR]',
    summary: 'recompute the audit hash chain; exit 1 on tampering',
    help: `Recomputes the hash chain of the audit trail in the project's warehouse.
Exit 0 when it is intact; 1 naming every changeset that was altered, removed or inserted.

Options:
${DATA_OPTION}`,
    options: ['data'],
    positionals: ['projectDir?'],
    run: async ({ values, positionals }) => (await import('./audit-command.js')).auditVerifyCommand(positionals[0] ?? '.', values.data),
  },
  {
    name: 'dbt',
    synopsis: '[projectDir] [--out FILE] [--data DIR]',
    summary: 'write dbt sources.yml for the writable tables and the audit trail',
    help: `Writes dbt source definitions (sources.yml) for every table the project's apps write to,
one source per warehouse schema, and for the audit schema (changesets, cell changes, refusals,
approvals, exports, comments), with column types from the warehouse and not_null/unique tests on
keys, so dbt models can build on the mappings and plans people edit, and on who changed what.
Exit 0 when written.

Options:
  --out FILE            where to write (default: standard output)
${DATA_OPTION}`,
    options: ['out', 'data'],
    positionals: ['projectDir?'],
    run: async ({ values, positionals }) => (await import('./dbt-command.js')).dbtCommand(positionals[0] ?? '.', values.out, values.data),
  },
  {
    name: 'export',
    synopsis: 'APP EXPORT [projectDir] --as USER [--param NAME=VALUE ...] [--pack] [--out FILE] [--data DIR]',
    summary: "fill one of an app's Excel or PowerPoint exports from live data",
    help: `Fills the export EXPORT of app APP (its template in the project) from live warehouse data as
USER sees it (their read policies and warehouse identity) and writes the .xlsx or .pptx file, or
with --pack one file per value of the export's pack (e.g. every entity USER may read) as a .zip,
with a progress bar. The export is recorded in the activity figures like one from the browser.
Exit 0 when written; 1 with the reason (unknown user, app or export, a parameter, the template).

Options:
  --as USER             the user the export runs as (required)
  --param NAME=VALUE    a parameter of the export; repeat for several (\`null\` for none)
  --pack                build the export's pack: one file per value, zipped
  --out FILE            where to write (default: the export's file name in the current folder)
${DATA_OPTION}`,
    options: ['as', 'param', 'out', 'data'],
    repeatable: ['param'],
    flags: ['pack'],
    positionals: ['APP', 'EXPORT', 'projectDir?'],
    async run({ values, lists, flags, positionals }) {
      if (!values.as) throw new UsageError("--as USER is required: the export runs under that user's read policies");
      const { exportCommand, parseExportParams } = await import('./export-command.js');
      return exportCommand({
        app: positionals[0]!,
        exportName: positionals[1]!,
        projectDir: positionals[2] ?? '.',
        dataDir: values.data,
        as: values.as,
        params: parseExportParams(lists.param ?? []),
        pack: flags.has('pack'),
        out: values.out,
      });
    },
  },
  {
    name: 'hash-password',
    synopsis: '< file',
    summary: 'read a password from stdin, print its scrypt hash',
    help: `Reads a password from stdin (one trailing newline is dropped) and prints its scrypt hash,
for users[].passwordHash in roundtrip.yaml. Exit 1 when stdin is empty.`,
    options: [],
    positionals: [],
    async run() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const password = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      if (!password) throw new Error('send the password on stdin');
      const { hashPassword } = await import('../governance/passwords.js');
      process.stdout.write(`${await hashPassword(password)}\n`);
      return 0;
    },
  },
  {
    name: 'schema',
    synopsis: '[--out DIR]',
    summary: 'print or write the JSON Schemas of the config files',
    help: `Prints the JSON Schemas of roundtrip.yaml and apps/*.yaml (for editors), or writes them
as project.schema.json and app.schema.json into DIR.

Options:
  --out DIR      write the files into DIR (made if missing) instead of printing them`,
    options: ['out'],
    positionals: [],
    async run({ values }) {
      const out = values.out;
      const { buildJsonSchemas } = await import('../app-model/index.js');
      if (out) mkdirSync(out, { recursive: true });
      for (const [file, text] of Object.entries(buildJsonSchemas())) {
        if (out) writeFileSync(`${out}/${file}`, text);
        else process.stdout.write(text);
      }
      return 0;
    },
  },
];

/** `Usage: roundtrip <name> <synopsis>` of one command. */
export function usageLine(command: CliCommand): string {
  return `Usage: roundtrip ${command.name} ${command.synopsis}`;
}

/** The overview `roundtrip --help` prints. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.synopsis}`.length)) + 3;
  const lines = COMMANDS.map((c) => `  ${`${c.name} ${c.synopsis}`.padEnd(width)}${c.summary}`);
  return `Usage: roundtrip <command> [options]\n\n${lines.join('\n')}\n\nRun roundtrip <command> --help for a command's options.\n`;
}
