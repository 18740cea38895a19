import { AppError } from '../errors/index.js';

/** One validation problem, located by change and column. */
export interface ValidationIssue {
  changeIndex: number;
  key?: Record<string, unknown>;
  column?: string;
  /** Rule name, e.g. `amount.min`, `type`, `required`. */
  rule: string;
  message: string;
}

/** The one 422 naming every issue (nothing was written). */
export function validationError(issues: ValidationIssue[]): AppError {
  const noun = issues.length === 1 ? 'value breaks a rule' : `${issues.length} values break rules`;
  return new AppError('WB_VALIDATION', `Nothing was written: ${noun}. ${issues[0]!.message}`, { issues });
}
