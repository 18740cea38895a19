import { z } from 'zod';
import { exportSchema } from './export-schema.js';
import { identifier } from './schema-parts.js';

const blockId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and -');
const tableName = z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, 'use table or schema.table');
const expression = z.string().min(1).describe('A CEL expression.');
const roleList = z.array(identifier).min(1);

const paramSchema = z.strictObject({
  type: z.enum(['string', 'number', 'date', 'boolean']),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  required: z.boolean().default(false),
});

export const datasetParamsSchema = z.record(identifier, paramSchema).default({});

/** An action parameter: a dataset parameter plus what the dialog asking for it shows. */
const actionParamSchema = paramSchema.extend({
  label: z.string().min(1).optional().describe('Label of the input the run dialog shows (default: the name in words).'),
  options: z
    .strictObject({
      dataset: identifier.describe('Dataset whose rows are the choices.'),
      value: identifier.describe('Column holding the value passed to the action.'),
      label: identifier.optional().describe('Column shown for each choice (default: the value).'),
    })
    .optional()
    .describe('Choices offered in a dropdown, from a dataset of this app.'),
});

/** A .sql file inside the apps folder, relative to the app file's folder. */
const sqlFile = z.string().regex(/^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]*\.sql$/, 'name a .sql file inside the apps folder, e.g. sql/totals.sql');

export const datasetSchema = z
  .strictObject({
    description: z.string().optional(),
    sql: z.string().min(1).optional().describe('SELECT statement; :name marks a bound parameter. Give sql or file.'),
    file: sqlFile
      .optional()
      .describe(
        "The SELECT statement kept in a .sql file, path relative to the app file's folder (e.g. sql/totals.sql); x.<engine>.sql beside it is that engine's spelling. Give sql or file.",
      ),
    params: datasetParamsSchema,
    dependsOn: z.array(identifier).optional().describe('Writable tables whose changes refresh this dataset (default: those named in the SQL).'),
  })
  .refine((d) => (d.sql === undefined) !== (d.file === undefined), {
    message: 'give the statement either inline (sql) or in a file (file), not both or neither',
  })
  // The loader reads `file` into `sql`, so everything after loading sees the statement.
  .transform((d) => ({ ...d, sql: d.sql ?? '' }));

export const writePolicySchema = z.strictObject({
  roles: roleList,
  operations: z.array(z.enum(['insert', 'update', 'delete'])).min(1),
  columns: z.array(identifier).default([]).describe('Columns these roles may set (inserts and updates).'),
  rows: expression.optional().describe('Row policy over row.* and user.*; must hold before and after the change.'),
  approvalOnly: z
    .boolean()
    .default(false)
    .describe('These roles may make these changes only by submitting them for approval (the table needs approvals); a direct write is refused.'),
});

export const readPolicySchema = z.strictObject({
  roles: roleList,
  rows: expression.optional().describe('Rows these roles may read (omit for all rows).'),
});

export const ruleSchema = z
  .strictObject({
    name: identifier.optional(),
    column: identifier.optional().describe('The column the rule checks and reports on.'),
    required: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    pattern: z.string().optional(),
    allowed: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    lookup: z.strictObject({ table: tableName, column: identifier }).optional(),
    check: expression.optional().describe('Cross-field rule over row.*, old.* and user.*; true means valid.'),
    message: z.string().optional().describe('Message shown when the rule fails.'),
  })
  .refine((r) => r.check !== undefined || r.column !== undefined, { message: 'a rule needs a column (or a check expression)' });

export const approvalLevelSchema = z.strictObject({
  name: identifier.describe('Level name shown in the route, the inbox and approval_steps.'),
  roles: roleList.describe('Roles whose users approve this level.'),
  when: expression.optional().describe('CEL over amount, user and changes; the level applies when true (omit: always).'),
  mode: z.enum(['any', 'all']).default('any').describe('any: one user with a role approves; all: every user with a role (except the submitter) must.'),
});

export const requestViewersSchema = z
  .strictObject({
    reviewers: z
      .boolean()
      .default(false)
      .describe('true: whoever approved or rejected a request keeps seeing it afterwards (default: only while a level of theirs waits).'),
    roles: z.array(identifier).default([]).describe('Roles whose users see every request of this table, in any state.'),
  })
  .describe(
    "Who else may open this table's approval requests. Always: the submitter, admins, and, while a request is pending, the users (and their delegates) holding a role of a level still to approve.",
  );

export const approvalsSchema = z
  .strictObject({
    amount: identifier.optional().describe('Numeric column whose sum over the rows a submission inserts or updates (as written) is its amount.'),
    required: z
      .boolean()
      .default(false)
      .describe('When true, users without an exempt role may only submit changes for approval; direct writes get 403 WF_APPROVAL_REQUIRED.'),
    exemptRoles: z.array(identifier).default([]).describe('Roles that may write directly even when approval is required.'),
    levels: z.array(approvalLevelSchema).min(1).describe('Approval levels in order; each applies when its `when` holds.'),
    expiresAfterHours: z.number().positive().optional().describe('A request waiting this long at one level escalates (escalateTo) or expires.'),
    escalateTo: roleList.optional().describe('Roles that take over a request that waited expiresAfterHours; without it the request expires.'),
    visibleTo: requestViewersSchema.default({ reviewers: false, roles: [] }),
  })
  .describe('Approval chain for changes submitted to this table.');

export const gateSchema = z
  .strictObject({
    name: identifier.describe('Gate name reported with each violation.'),
    sql: z
      .string()
      .min(1)
      .optional()
      .describe(
        'SELECT returning one row per violation, run after the changes inside the write transaction; :user_id is the only parameter. Give sql or file.',
      ),
    file: sqlFile
      .optional()
      .describe(
        "The gate's SELECT kept in a .sql file, path relative to the app file's folder; x.<engine>.sql beside it is that engine's spelling. Give sql or file.",
      ),
    message: z.string().min(1).describe('Message shown for each violating row.'),
  })
  .refine((g) => (g.sql === undefined) !== (g.file === undefined), {
    message: 'give the statement either inline (sql) or in a file (file), not both or neither',
  })
  // The loader reads `file` into `sql`, as for datasets.
  .transform((g) => ({ ...g, sql: g.sql ?? '' }));

export const lockSchema = z.strictObject({
  table: tableName.describe('Warehouse table listing what is locked, one row per lock (e.g. closed periods).'),
  match: z
    .record(identifier, identifier)
    .refine((m) => Object.keys(m).length > 0, 'name at least one column: lock table column → column of this table')
    .describe('Lock table column → column of this table; a row is locked when a lock row matches on all of them.'),
  message: z.string().optional().describe('What a refused write says (default: the row is locked).'),
  exemptRoles: z.array(identifier).default([]).describe('Roles that may still change locked rows.'),
});
export const commentsSchema = z
  .strictObject({
    roles: roleList.describe('Roles whose users may comment.'),
    rows: expression.optional().describe('Rows these roles may comment on (omit for every row they may read).'),
  })
  .describe('Comment threads on rows: who may write comments; whoever may read a row reads its thread.');

export const writableTableSchema = z.strictObject({
  table: tableName.optional().describe('Warehouse table (default: the key of this entry).'),
  title: z.string().optional(),
  key: z.array(identifier).min(1).describe('Columns that identify a row.'),
  columns: z.array(identifier).optional().describe('Columns exposed to the app (default: all).'),
  read: z.array(readPolicySchema).optional().describe('Who may read which rows (default: every app user, all rows).'),
  write: z.array(writePolicySchema).default([]).describe('Who may change what; no entry means read-only.'),
  rules: z.array(ruleSchema).default([]),
  approvals: approvalsSchema.optional(),
  gates: z.array(gateSchema).default([]).describe('Table-wide checks: any row returned refuses the whole changeset.'),
  locks: z
    .array(lockSchema)
    .default([])
    .describe('Rows no write may change while a lock row matches them (closed periods): enforced inside the write statement, before and after.'),
  comments: commentsSchema.optional().describe('Comment threads on rows (default: no comments).'),
});

const base = { id: blockId, title: z.string().optional() };

export const formFieldSchema = z.strictObject({
  column: identifier.describe('Column of the table this field sets.'),
  label: z.string().optional(),
  input: z
    .enum(['text', 'number', 'date', 'month', 'select'])
    .optional()
    .describe('Input kind (default: from the column type); month: a month picker writing the first day of the month.'),
  dataset: identifier.optional().describe('select: dataset whose rows are the options.'),
  valueColumn: identifier.optional().describe('select: option value column (default: the field column).'),
  labelColumn: identifier.optional().describe('select: option label column (default: the value column).'),
});
const format = z.enum(['number', 'currency', 'percent']).optional();
const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'use an ISO 4217 currency code such as EUR')
  .describe('ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).');

export const drillSchema = z
  .strictObject({
    params: z
      .record(identifier, identifier)
      .refine((m) => Object.keys(m).length > 0, 'name at least one page variable: variable → column of the clicked row')
      .describe('Page variable → column of the clicked row; the click sets these variables (filters).'),
    hint: z.string().min(1).optional().describe('Line shown above the table (default: "Click a row to see its lines below.").'),
  })
  .describe('Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.');

export const tableColumnSchema = z.union([
  identifier,
  z.strictObject({
    column: identifier.describe('Column of the dataset.'),
    label: z.string().optional().describe('Header (default: the column name in words, e.g. rows_changed → "Rows changed").'),
    format: z
      .enum(['number', 'currency', 'percent', 'date', 'datetime', 'text'])
      .optional()
      .describe('How values show (default: from the column type); percent: a ratio, 0.12 → 12%.'),
    currency: currencyCode.optional().describe('format currency: ISO 4217 code (default: EUR).'),
    link: z
      .strictObject({ changeset: identifier.describe('Column holding a changeset id; the value links to #/~changesets/<id>.') })
      .optional()
      .describe('Renders the value as a link.'),
  }),
]);

export const matrixAxisSchema = z.strictObject({
  column: identifier.describe('Column of the table whose values are the members of this axis.'),
  dataset: identifier.optional().describe('Dataset listing the members in order, one row each (default: the values present in the table, sorted).'),
  key: identifier.optional().describe("Column of the dataset holding the member's value (default: the same name as column)."),
  label: identifier.optional().describe("Column of the dataset with the member's label (default: the value)."),
});

export const inputFieldSchema = z.strictObject({
  column: identifier.describe('Column of the row this input sets.'),
  label: z.string().optional().describe('Label (default: the column name in words).'),
  input: z
    .enum(['slider', 'number', 'select', 'text'])
    .default('number')
    .describe('slider: a range between min and max; select: a dropdown (options, or a dataset of them).'),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive().optional().describe('Step of a slider or number input (default: 1).'),
  unit: z.string().max(20).optional().describe('Shown after the value, e.g. €, km, kWh.'),
  options: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional()
    .describe('select: the choices.'),
  dataset: identifier.optional().describe('select: dataset whose rows are the choices.'),
  valueColumn: identifier.optional().describe('select with dataset: column of the value (default: the first).'),
  labelColumn: identifier.optional().describe('select with dataset: column shown (default: the value).'),
});

export const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('kpi'),
    dataset: identifier,
    value: identifier,
    format,
    currency: currencyCode.optional(),
    unit: z.string().max(20).optional().describe('Suffix after the value, e.g. %, FTE, days.'),
    decimals: z.number().int().min(0).max(6).optional().describe('Digits after the decimal point (default: 2 for currency, else up to 2).'),
    compact: z.boolean().default(false).describe('true: large values in compact notation (€1.2M); the exact value shows in a tooltip.'),
    compare: identifier.optional(),
    compareLabel: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('chart'),
    dataset: identifier,
    chart: z.enum(['line', 'bar']),
    x: identifier,
    series: z.array(z.strictObject({ column: identifier, label: z.string().optional() })).min(1),
    highlight: identifier
      .optional()
      .describe('A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).'),
  }),
  z.strictObject({
    ...base,
    type: z.literal('table'),
    dataset: identifier,
    columns: z.array(tableColumnSchema).optional().describe('Columns in order (default: all): a column name, or { column, label, format, currency, link }.'),
    drill: drillSchema.optional(),
    select: z
      .strictObject({
        action: identifier.describe(
          "An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).",
        ),
        label: z.string().min(1).optional().describe('Text on the button that runs it (default: the action title).'),
      })
      .optional()
      .describe('Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.'),
  }),
  z.strictObject({
    ...base,
    type: z.literal('grid'),
    table: identifier,
    columns: z.array(identifier).optional(),
    pageSize: z.number().int().min(5).max(500).default(100).describe('Rows fetched per request as the grid scrolls (it scrolls through every row).'),
  }),
  z.strictObject({
    ...base,
    type: z.literal('filter'),
    param: identifier,
    label: z.string().optional(),
    dataset: identifier.optional(),
    valueColumn: identifier.optional(),
    labelColumn: identifier.optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional().describe('Value the page opens with (default: none, i.e. all).'),
    required: z.boolean().default(false).describe('true: the filter always holds a value (no "All" choice); set default too.'),
  }),
  z.strictObject({ ...base, type: z.literal('text'), markdown: z.string() }),
  z.strictObject({
    ...base,
    type: z.literal('matrix'),
    table: identifier.describe('The writable table whose rows the matrix edits: one cell per row.'),
    value: identifier.describe('Numeric column people type into (e.g. amount).'),
    rows: matrixAxisSchema.extend({ group: identifier.optional().describe('Column of the axis dataset grouping members under subtotals.') }),
    columns: matrixAxisSchema,
  }),
  z.strictObject({
    ...base,
    type: z.literal('form'),
    table: identifier.describe('The writable table the form inserts into.'),
    mode: z.enum(['insert']).default('insert').describe('insert: each submit adds one row.'),
    fields: z.array(formFieldSchema).min(1),
    submit: z
      .enum(['approve', 'write'])
      .optional()
      .describe('approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).'),
    submitLabel: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('inputs'),
    table: identifier.describe('The writable table whose row the inputs edit.'),
    row: z
      .record(identifier, identifier)
      .refine((m) => Object.keys(m).length > 0, 'name the key: key column → page variable holding its value')
      .describe('Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).'),
    fields: z.array(inputFieldSchema).min(1),
  }),
  z.strictObject({
    ...base,
    type: z.literal('button'),
    label: z.string().min(1).describe('Text on the button.'),
    action: identifier.describe('The action of this app the button runs.'),
    params: z
      .record(identifier, z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe('Action parameters: a page variable name (its current value), or a literal.'),
    confirm: z.string().min(1).optional().describe('Question asked before the action runs.'),
  }),
]);

export const pageSchema = z.strictObject({ id: blockId, title: z.string().min(1), blocks: z.array(blockSchema).min(1) });

export const WEBHOOK_EVENTS = ['submitted', 'approved', 'rejected', 'withdrawn', 'escalated', 'expired', 'applied', 'conflict'] as const;

export const notificationsSchema = z
  .strictObject({
    webhooks: z
      .array(
        z.strictObject({
          url: z.url({ protocol: /^https?$/ }).describe('Receives a POST of JSON per event.'),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('Approval events to send.'),
          secretEnv: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
            .optional()
            .describe('Environment variable holding the secret; the body is signed as X-Roundtrip-Signature: sha256=<hex HMAC>.'),
        }),
      )
      .default([]),
    email: z
      .array(
        z.strictObject({
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('Approval events to e-mail.'),
          to: z
            .union([z.literal('approvers'), z.literal('submitter'), z.email()])
            .describe(
              'approvers: users holding a role of the level now waiting; submitter: the submitter; or one address. Users are reached at their email attribute.',
            ),
        }),
      )
      .default([])
      .describe("E-mails sent through the project's smtp server."),
  })
  .describe('Where approval events of this app are sent.');

const actionValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .describe(
    'A literal; ":name" for the value of the action parameter name; ":user.username" (or another user attribute) for the person running it; in a set step, ":written.column" for a key column of the row the write step wrote (e.g. a new row\'s generated id).',
  );
const webhookSecretEnv = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

const simpleStepSchemas = [
  z.strictObject({
    type: z.literal('validate'),
    check: expression.describe('CEL over params.* and user.*; the action stops unless it is true.'),
    message: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('write'),
    table: identifier.describe('A writable table of this app; the write goes through the write pipeline with its policies, rules and gates.'),
    op: z.enum(['insert', 'update']),
    values: z.record(identifier, actionValue).describe('Column values to insert or set.'),
    key: z.record(identifier, actionValue).optional().describe('The row to update (every key column).'),
    forEach: z.literal('selection').optional().describe("selection: update every selected row (the action's selection), all in one changeset; no key then."),
    copyFrom: z
      .strictObject({
        table: identifier.optional().describe('Writable table of this app holding the row (default: the table written).'),
        key: z.record(identifier, actionValue).describe('Every key column of the row to copy.'),
      })
      .optional()
      .describe(
        'insert: start from a copy of this row (read as the user): every column of the written table the row has, except key columns the warehouse fills; then values apply.',
      ),
    submit: z
      .boolean()
      .default(false)
      .describe("true: submit the change for approval through the table's approval chain instead of writing it; the approval applies it."),
  }),
  z.strictObject({
    type: z.literal('sql'),
    sql: z
      .string()
      .min(1)
      .describe("A declared statement (e.g. CALL recalc_plan(:entity)); :name binds an action parameter. Runs in the write step's transaction."),
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }).describe('Receives a POST of JSON after the action committed.'),
    secretEnv: webhookSecretEnv.optional().describe('Environment variable holding the secret; the body is signed as X-Roundtrip-Signature: sha256=<hex HMAC>.'),
  }),
  z.strictObject({
    type: z.literal('notify'),
    roles: roleList.describe('Who is told: users holding one of these roles who may open the app.'),
    message: z
      .string()
      .min(1)
      .max(500)
      .describe(
        "What they read: at once in the app (on any page), and by e-mail at their email attribute when the project has an smtp server. :name is a parameter's value, :user who ran the action.",
      ),
  }),
  z.strictObject({ type: z.literal('set'), variable: identifier.describe('Page variable the UI sets.'), value: actionValue }),
  z.strictObject({ type: z.literal('refresh'), datasets: z.array(identifier).min(1).describe('Datasets (or writable tables) the UI reloads.') }),
  z.strictObject({ type: z.literal('navigate'), page: blockId.describe('Page id the UI opens.') }),
] as const;

export const actionStepSchema: z.ZodType<ActionStepConfig> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ...simpleStepSchemas,
    z.strictObject({
      type: z.literal('if'),
      when: expression.describe('CEL over params.* and user.*.'),
      then: z.array(actionStepSchema).min(1),
      else: z.array(actionStepSchema).optional(),
    }),
  ]),
);

export const actionSchema = z.strictObject({
  title: z.string().optional(),
  roles: roleList.describe('Roles that may run the action.'),
  params: z.record(identifier, actionParamSchema).default({}),
  selection: z
    .strictObject({
      table: identifier.describe('Writable table of this app whose rows are selected; the request names them by key.'),
      max: z.number().int().min(1).max(10_000).default(1_000).describe('Most rows one run may change.'),
    })
    .optional()
    .describe('The action runs on rows people select (a table block with select): POST …/run with selection: [{ key columns }].'),
  steps: z.array(actionStepSchema).min(1).describe('Run in order; the first failing step stops the action and rolls back its write and sql steps.'),
});

export const appSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  roles: roleList.describe('Roles that may open the app.'),
  datasets: z.record(identifier, datasetSchema).default({}),
  tables: z.record(identifier, writableTableSchema).default({}),
  pages: z.array(pageSchema).min(1),
  notifications: notificationsSchema.optional(),
  actions: z.record(identifier, actionSchema).default({}).describe('Action blocks: POST /api/apps/:app/actions/:action/run.'),
  exports: z
    .record(identifier, exportSchema)
    .default({})
    .describe('Excel and PowerPoint packs filled from live data: POST /api/apps/:app/exports/:export/run (and roundtrip export).'),
});

export type AppConfig = z.infer<typeof appSchema>;
export type DatasetConfig = z.infer<typeof datasetSchema>;
export type WritableTableConfig = z.infer<typeof writableTableSchema>;
export type WritePolicyConfig = z.infer<typeof writePolicySchema>;
export type RuleConfig = z.infer<typeof ruleSchema>;
export type GateConfig = z.infer<typeof gateSchema>;
export type CommentsConfig = z.infer<typeof commentsSchema>;
export type ApprovalsConfig = z.infer<typeof approvalsSchema>;
export type NotificationsConfig = z.infer<typeof notificationsSchema>;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type SimpleActionStepConfig = z.infer<(typeof simpleStepSchemas)[number]>;
/** One step of an action; `if` nests further steps. */
export type ActionStepConfig = SimpleActionStepConfig | { type: 'if'; when: string; then: ActionStepConfig[]; else?: ActionStepConfig[] };
export type ActionConfig = z.infer<typeof actionSchema>;
export type ActionParamConfig = z.infer<typeof paramSchema>;
export type BlockConfig = z.infer<typeof blockSchema>;
export type FormBlockConfig = Extract<BlockConfig, { type: 'form' }>;
export type ButtonBlockConfig = Extract<BlockConfig, { type: 'button' }>;
export type InputsBlockConfig = Extract<BlockConfig, { type: 'inputs' }>;
export type LockConfig = z.infer<typeof lockSchema>;
export type MatrixBlockConfig = Extract<BlockConfig, { type: 'matrix' }>;
export type PageConfig = z.infer<typeof pageSchema>;
