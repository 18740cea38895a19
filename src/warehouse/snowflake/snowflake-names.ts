/**
 * Snowflake folds unquoted identifiers to upper case (`budget_lines` is
 * stored as `BUDGET_LINES`), while Roundtrip names tables and columns in
 * lower case, unquoted in app SQL and quoted by core (`"budget_lines"`).
 * Every session runs with QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE (see
 * `sessionParameters`), so the quoted name resolves to the same upper-case
 * object as the unquoted one; and every name Snowflake hands back (the
 * catalogue, result columns, the current schema) goes through `foldName`,
 * so Roundtrip sees `budget_lines` as it wrote it, as on the other engines.
 */

/** A name only unquoted-style upper case can spell: letters, digits, `_` and `$`. */
const FOLDED = /^[A-Z0-9_$]+$/;

/**
 * The name as Roundtrip uses it: entirely upper case (what an unquoted or,
 * with the session's setting, any quoted name is stored as) in lower case;
 * a name with lower-case letters or other characters (created quoted in a
 * session that kept case) as stored.
 */
export function foldName(name: string): string {
  return FOLDED.test(name) ? name.toLowerCase() : name;
}
