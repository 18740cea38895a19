import type { ColumnInfo, FormFieldSpec, ValidationIssue } from '../api/types';
import type { ApiError } from '../api/client';
import { parseCellInput } from '../grid/cell-input';
import { isExactNumericType, isNumericType } from '../ui/format';

export type InputKind = NonNullable<FormFieldSpec['input']>;

/** The input a field shows: as declared, else from the column type. */
export function inputKind(field: FormFieldSpec, column: ColumnInfo | undefined): InputKind {
  if (field.input) return field.input;
  if (field.dataset) return 'select';
  if (column && isNumericType(column.type)) return 'number';
  if (column && /^DATE\b/i.test(column.type.trim())) return 'date';
  return 'text';
}

/** A month input's "YYYY-MM" as the first day of the month, the way period columns hold months. */
function monthToDate(text: string): string | null {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? `${text}-01` : null;
}

/**
 * What a field's text means for its column, read exactly as the grid reads a typed cell: numbers
 * with thousands separators ("150,000", "1,250.50"), dates as YYYY-MM-DD, months as the first day.
 * Empty text is "not given" (undefined).
 */
export function parseField(text: string, field: FormFieldSpec, column: ColumnInfo | undefined): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (inputKind(field, column) === 'month') {
    const date = monthToDate(trimmed);
    return date ? { ok: true, value: date } : { ok: false, message: 'Choose a month.' };
  }
  if (!column) return { ok: true, value: trimmed };
  const parsed = parseCellInput({ ...column, name: field.label ?? column.name }, trimmed);
  if (!parsed.ok) return parsed;
  // Floating-point columns take numbers; exact ones keep digit strings (no float rounding).
  if (isNumericType(column.type) && !isExactNumericType(column.type) && typeof parsed.value === 'string') return { ok: true, value: Number(parsed.value) };
  return parsed;
}

/** Client-side checks before sending: required columns and the syntax of every value. Keyed by column. */
export function checkInputs(
  values: Record<string, string>,
  fields: readonly FormFieldSpec[],
  columns: ReadonlyMap<string, ColumnInfo>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const problem = checkField(values[field.column] ?? '', field, columns.get(field.column));
    if (problem) problems[field.column] = problem;
  }
  return problems;
}

/** One field's problem, or null: as the person leaves the field and again on submit. */
export function checkField(text: string, field: FormFieldSpec, column: ColumnInfo | undefined): string | null {
  if (text.trim() === '') return column && !column.nullable && !column.generated ? 'Required.' : null;
  const parsed = parseField(text, field, column);
  return parsed.ok ? null : parsed.message;
}

/** Splits a refused write into messages per field (WB_VALIDATION issues by column) and the rest. */
export function fieldErrors(error: ApiError, fields: readonly FormFieldSpec[]): { byColumn: Record<string, string[]>; general: string[] } {
  const columns = new Set(fields.map((f) => f.column));
  const byColumn: Record<string, string[]> = {};
  const general: string[] = [];
  const details = error.details as { issues?: ValidationIssue[]; column?: string; columns?: string[] } | null;
  const issues = Array.isArray(details?.issues) ? details.issues : [];
  for (const issue of issues) {
    if (issue.column && columns.has(issue.column)) (byColumn[issue.column] ??= []).push(issue.message);
    else general.push(issue.message);
  }
  if (issues.length === 0) general.push(error.message);
  return { byColumn, general };
}
