import { column, type TableSpec } from '../warehouse/table-spec.js';

/** The comments table, in the project's audit schema next to the audit tables. Documented in README (Comments). */
export const COMMENTS_TABLE = 'row_comments';

/** The comments table, created by the warehouse migrations (runtime/migrations). */
export function commentsTableSpec(schema: string): TableSpec {
  const { text, timestamp } = column;
  return {
    schema,
    name: COMMENTS_TABLE,
    columns: [
      text('comment_id', true),
      text('app', true),
      text('table_name', true),
      text('row_key', true),
      text('user_id', true),
      text('display_name', true),
      timestamp('created_at', true),
      text('body', true),
      text('mentions', true),
    ],
    primaryKey: ['comment_id'],
  };
}
