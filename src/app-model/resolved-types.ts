import type { ColumnType } from '../warehouse/column-type.js';
import type { AppConfig, ApprovalsConfig, DatasetConfig, RuleConfig } from './app-schema.js';
import type { Expression } from './expression/parse-expression.js';
import type { ParsedSql } from './named-params.js';
import type { ProjectConfig } from './project-schema.js';

export type WriteOperation = 'insert' | 'update' | 'delete';

export interface ResolvedColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** The warehouse fills it when an insert leaves it out (default, sequence, identity): e.g. a generated key. */
  hasDefault: boolean;
  /** Roundtrip numbers new rows of this key column from here on (see `CatalogColumn.numberFrom`). */
  numberFrom?: number;
}

export interface ResolvedWritePolicy {
  roles: ReadonlySet<string>;
  operations: ReadonlySet<WriteOperation>;
  columns: ReadonlySet<string>;
  rows?: Expression;
  /** Grants only submissions for approval and the apply of an approved request, never a direct write. */
  approvalOnly: boolean;
}

export interface ResolvedReadPolicy {
  roles: ReadonlySet<string>;
  rows?: Expression;
}

export interface ResolvedRule {
  config: RuleConfig;
  /** Stable name used in issue reports: the configured name or `<column>.<kind>`. */
  name: string;
  check?: Expression;
  pattern?: RegExp;
  lookupType?: ColumnType;
}

export interface ResolvedApprovalLevel {
  name: string;
  roles: string[];
  /** any: one approval completes the level; all: every user holding a role (except the submitter). */
  mode: 'any' | 'all';
  /** Over `amount`, `user`, `changes`; absent: the level always applies. */
  when?: Expression;
}

/** A table's approval chain with its expressions parsed and its amount column checked. */
export interface ResolvedApprovals {
  config: ApprovalsConfig;
  /** The numeric column summed into a submission's amount; absent: the amount is 0. */
  amountColumn?: ResolvedColumn;
  levels: ResolvedApprovalLevel[];
}

/** Who may comment on which rows of a table. */
export interface ResolvedComments {
  roles: ReadonlySet<string>;
  rows?: Expression;
}

/** A validation gate: a SELECT whose rows are violations, with its `:user_id` parameters located. */
export interface ResolvedGate {
  name: string;
  message: string;
  parsed: ParsedSql;
}

/** A writable table checked against the warehouse catalogue. */
export interface ResolvedTable {
  /** Name inside the app (also its dataset name). */
  name: string;
  /** Warehouse table, possibly schema-qualified. */
  qualifiedName: string;
  title: string;
  key: string[];
  columns: ResolvedColumn[];
  columnByName: ReadonlyMap<string, ResolvedColumn>;
  /** Undefined: every app user reads every row. */
  readPolicies?: ResolvedReadPolicy[];
  writePolicies: ResolvedWritePolicy[];
  rules: ResolvedRule[];
  /** Set when changes to the table may be submitted for approval. */
  approvals?: ResolvedApprovals;
  /** Run in order after the change statements, inside the write transaction; any row refuses the changeset. */
  gates: ResolvedGate[];
  /** Lock tables: a row a lock row matches may not be changed (checked inside the write statement). */
  locks: ResolvedLock[];
  /** Set when rows of the table carry comment threads. */
  comments?: ResolvedComments;
  /** The warehouse reads this table as of a past time itself (`CatalogTable.timeTravel`). */
  timeTravel?: boolean;
}

export interface ResolvedLock {
  /** The lock table, as checked against the catalogue. */
  qualifiedName: string;
  /** Pairs of lock table column and column of the writable table. */
  match: { lockColumn: string; rowColumn: string }[];
  message: string;
  exemptRoles: string[];
}

export interface ResolvedDataset {
  name: string;
  config: DatasetConfig;
  parsed: ParsedSql;
  dependsOn: string[];
}

export interface ResolvedApp {
  name: string;
  file: string;
  config: AppConfig;
  tables: ReadonlyMap<string, ResolvedTable>;
  datasets: ReadonlyMap<string, ResolvedDataset>;
}

export interface ResolvedProject {
  dir: string;
  config: ProjectConfig;
  apps: ReadonlyMap<string, ResolvedApp>;
}
