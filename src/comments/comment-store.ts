import { toIso } from '../governance/audit/fetch-history.js';
import type { WarehouseDriver } from '../warehouse/driver.js';
import { raw, renderSql, sql, table, valueAs, limitRows, asText } from '../warehouse/sql.js';
import { COMMENTS_TABLE } from './comment-schema.js';

/** One stored comment. */
export interface StoredComment {
  id: string;
  app: string;
  /** The writable table's name inside the app. */
  table: string;
  /** Canonical JSON of the row key (as in the audit's `row_key`). */
  rowKey: string;
  userId: string;
  displayName: string;
  createdAt: string;
  body: string;
  mentions: string[];
}

/** Comments of one thread read at most (oldest first). */
export const THREAD_LIMIT = 500;
/** Rows with comments counted at most per table (newest comments first). */
export const COUNT_LIMIT = 10_000;

const COLUMNS = sql`comment_id, app, table_name, row_key, user_id, display_name, ${asText(raw('created_at'))} AS created_at, body, mentions`;

function target(schema: string) {
  return table(`${schema}.${COMMENTS_TABLE}`);
}

function commentOf(row: Record<string, unknown>): StoredComment {
  return {
    id: String(row.comment_id),
    app: String(row.app),
    table: String(row.table_name),
    rowKey: String(row.row_key),
    userId: String(row.user_id),
    displayName: String(row.display_name),
    createdAt: toIso(String(row.created_at)),
    body: String(row.body),
    mentions: JSON.parse(String(row.mentions)) as string[],
  };
}

export async function insertComment(driver: WarehouseDriver, schema: string, comment: StoredComment): Promise<void> {
  const q = renderSql(
    sql`INSERT INTO ${target(schema)} (comment_id, app, table_name, row_key, user_id, display_name, created_at, body, mentions)
        VALUES (${comment.id}, ${comment.app}, ${comment.table}, ${comment.rowKey}, ${comment.userId}, ${comment.displayName},
                ${valueAs(comment.createdAt, 'timestamp')}, ${comment.body}, ${JSON.stringify(comment.mentions)})`,
    driver.dialect,
  );
  await driver.query(q.sql, q.params);
}

/** The thread of one row, oldest first. */
export async function fetchThread(driver: WarehouseDriver, schema: string, app: string, tableName: string, rowKey: string): Promise<StoredComment[]> {
  const q = renderSql(
    sql`SELECT ${COLUMNS} FROM ${target(schema)} WHERE app = ${app} AND table_name = ${tableName} AND row_key = ${rowKey}
        ORDER BY comment_id ${limitRows(THREAD_LIMIT)}`,
    driver.dialect,
  );
  return (await driver.query(q.sql, q.params)).rows.map(commentOf);
}

export async function fetchComment(driver: WarehouseDriver, schema: string, app: string, tableName: string, id: string): Promise<StoredComment | undefined> {
  const q = renderSql(sql`SELECT ${COLUMNS} FROM ${target(schema)} WHERE app = ${app} AND table_name = ${tableName} AND comment_id = ${id}`, driver.dialect);
  const [row] = (await driver.query(q.sql, q.params)).rows;
  return row && commentOf(row);
}

export async function deleteComment(driver: WarehouseDriver, schema: string, id: string): Promise<void> {
  const q = renderSql(sql`DELETE FROM ${target(schema)} WHERE comment_id = ${id}`, driver.dialect);
  await driver.query(q.sql, q.params);
}

/** How many comments each commented row of a table has (row key → count). */
export async function countComments(driver: WarehouseDriver, schema: string, app: string, tableName: string): Promise<Map<string, number>> {
  const q = renderSql(
    sql`SELECT row_key, COUNT(*) AS n, MAX(comment_id) AS latest FROM ${target(schema)} WHERE app = ${app} AND table_name = ${tableName}
        GROUP BY row_key ORDER BY latest DESC ${limitRows(COUNT_LIMIT)}`,
    driver.dialect,
  );
  const { rows } = await driver.query(q.sql, q.params);
  return new Map(rows.map((row) => [String(row.row_key), Number(row.n)]));
}
