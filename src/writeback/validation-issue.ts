/** One validation problem, located by change and column. */
export interface ValidationIssue {
  changeIndex: number;
  key?: Record<string, unknown>;
  column?: string;
  /** Rule name, e.g. `amount.min`, `type`, `required`. */
  rule: string;
  message: string;
}
