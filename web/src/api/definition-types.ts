/** Types of the definition editor's API (src/server/routes/definition-routes.ts). */

export interface ApprovalLevel {
  name: string;
  roles: string[];
  when?: string;
  mode?: 'any' | 'all';
}

export interface ApprovalChain {
  amount?: string;
  required?: boolean;
  exemptRoles?: string[];
  levels: ApprovalLevel[];
  expiresAfterHours?: number;
  escalateTo?: string[];
}

export interface ValidationRule {
  name?: string;
  column?: string;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allowed?: (string | number | boolean)[];
  lookup?: { table: string; column: string };
  check?: string;
  message?: string;
}

export interface WritePolicy {
  roles: string[];
  operations: string[];
  columns: string[];
  rows?: string;
}

/** The parts of a table the editor changes. */
export interface EditableTable {
  /** Columns the app exposes, or null for all of the warehouse table's. */
  columns: string[] | null;
  approvals: ApprovalChain | null;
  rules: ValidationRule[];
  write: WritePolicy[];
}

/** A literal, or `":name"` for the value of the action parameter `name`. */
export type ActionValue = string | number | boolean | null;

/** One step of an action block (README "Action blocks"). */
export type ActionStep =
  | { type: 'validate'; check: string; message: string }
  | { type: 'write'; table: string; op: 'insert' | 'update'; values: Record<string, ActionValue>; key?: Record<string, ActionValue> }
  | { type: 'sql'; sql: string }
  | { type: 'webhook'; url: string; secretEnv?: string }
  | { type: 'if'; when: string; then: ActionStep[]; else?: ActionStep[] }
  | { type: 'set'; variable: string; value: ActionValue }
  | { type: 'refresh'; datasets: string[] }
  | { type: 'navigate'; page: string };

export type ActionStepType = ActionStep['type'];

/** The parts of an action the editor changes. */
export interface EditableAction {
  /** Roles that may run the action. */
  roles: string[];
  /** Run in order; the first failing step stops the action. */
  steps: ActionStep[];
}

export interface AppDefinition {
  /** Path of the app file inside the project. */
  file: string;
  yaml: string;
  /** sha256 of `yaml`; a save sends it back so that a concurrent edit is refused. */
  hash: string;
  /** `actions` is absent from servers that do not let the editor change actions. */
  editable: { tables: Record<string, EditableTable>; actions?: Record<string, EditableAction> };
}

export type DefinitionPath = (string | number)[];
export type DefinitionEdit = { path: DefinitionPath; value: unknown } | { path: DefinitionPath; delete: true };

export interface DefinitionIssue {
  file: string;
  line: number | null;
  path: string;
  message: string;
}

export interface DefinitionPreview {
  ok: boolean;
  issues: DefinitionIssue[];
  yaml: string;
  diff: string;
  routing?: { table: string; amount: number; route: string[]; before: string[] };
}
