import type { ColumnInfo, FormFieldSpec, ValidationIssue } from '../api/types';
import type { ApiError } from '../api/client';
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

/**
 * The value sent for what the user typed: exact numerics stay digit strings (no float rounding),
 * other numbers become numbers, empty inputs are left out.
 */
export function toCellValue(text: string, column: ColumnInfo | undefined): string | number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (column && isNumericType(column.type) && !isExactNumericType(column.type)) {
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : trimmed;
  }
  return trimmed;
}

/** Client-side checks before sending: required columns and number syntax. Keyed by column. */
export function checkInputs(
  values: Record<string, string>,
  fields: readonly FormFieldSpec[],
  columns: ReadonlyMap<string, ColumnInfo>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const column = columns.get(field.column);
    const text = (values[field.column] ?? '').trim();
    if (text === '' && column && !column.nullable) problems[field.column] = 'Required.';
    else if (text !== '' && column && isNumericType(column.type) && !/^-?\d+(\.\d+)?$/.test(text))
      problems[field.column] = 'Enter a number, e.g. 60000 or 1250.50.';
  }
  return problems;
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
