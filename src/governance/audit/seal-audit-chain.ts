import type { SqlRunner, WarehouseDriver } from '../../warehouse/driver.js';
import type { Dialect } from '../../warehouse/dialect.js';
import { byDialect, limitRows, raw, renderSql, returningRows, sql, table, type SqlFragment } from '../../warehouse/sql.js';
import type { NeutralType } from '../../warehouse/table-spec.js';
import { withTableWriteLock } from '../../writeback/table-write-lock.js';
import { hashChangeset } from './audit-chain.js';
import { AUDIT_TABLES } from './audit-schema.js';
import { readChainRows } from './chain-rows.js';

const BATCH = 500;

/**
 * Links every committed but unsealed changeset into the audit hash chain, in
 * commit-time order: each gets the next `seq`, its predecessor's hash and its
 * own hash over content, cell rows and predecessor. Write transactions never
 * touch the chain, so concurrent writers do not queue on its head; sealers
 * do, on the head row, so two servers never hand out the same link.
 * Returns how many changesets were sealed.
 */
export async function sealAuditChain(driver: WarehouseDriver, schema: string): Promise<number> {
  // A plain read first: an idle server's periodic sweep must not lock and rewrite the head row.
  const pending = renderSql(
    sql`SELECT 1 AS pending FROM ${table(`${schema}.${AUDIT_TABLES.changesets}`)} WHERE seq IS NULL ${limitRows(1, 0, false)}`,
    driver.dialect,
  );
  if ((await driver.query(pending.sql, pending.params)).rows.length === 0) return 0;
  let sealed = 0;
  for (;;) {
    // Without transactions, sealers take turns under the chain head's write lock instead (every server of the project: see table-write-lock.ts).
    // Without RETURNING, in a transaction under that lock.
    const { transactions, supportsReturning } = driver.capabilities;
    const headLock = `${schema}.${AUDIT_TABLES.chainHead}`;
    const count =
      transactions && supportsReturning
        ? await driver.transaction((tx) => sealBatch(tx, driver.dialect, schema, true))
        : transactions
          ? await withTableWriteLock(driver, headLock, () => driver.transaction((tx) => sealBatch(tx, driver.dialect, schema, false)))
          : await withTableWriteLock(driver, headLock, () => sealBatch(driver, driver.dialect, schema, false));
    sealed += count;
    if (count < BATCH) return sealed;
  }
}

async function sealBatch(tx: SqlRunner, dialect: Dialect, schema: string, lockHead: boolean): Promise<number> {
  const run = async (fragment: SqlFragment) => {
    const q = renderSql(fragment, dialect);
    return (await tx.query(q.sql, q.params)).rows;
  };
  const head = table(`${schema}.${AUDIT_TABLES.chainHead}`);
  // Locks the head until commit: one sealer at a time, in every process.
  const [link] = lockHead
    ? await run(sql`UPDATE ${head} SET seq = seq WHERE id = 1${returningRows(raw('seq, last_hash'))}`)
    : await run(sql`SELECT seq, last_hash FROM ${head} WHERE id = 1`);
  if (!link) throw new Error(`audit chain head missing in ${schema}.${AUDIT_TABLES.chainHead}`);
  const rows = await readChainRows(tx, dialect, schema, { where: sql`seq IS NULL`, orderBy: sql`committed_at, changeset_id`, limit: BATCH });
  if (rows.length === 0) return 0;
  let seq = Number(link.seq);
  let prevHash = String(link.last_hash);
  const links = rows.map(({ changeset, cells }) => {
    seq += 1;
    const hash = hashChangeset({ ...changeset, seq, prevHash }, cells);
    const values = [changeset.changesetId, String(seq), prevHash, hash];
    prevHash = hash;
    return values;
  });
  await run(
    byDialect((d) => {
      const type = (neutral: NeutralType) => d.parseType(d.typeName(neutral));
      return d.updateByKey(
        `${schema}.${AUDIT_TABLES.changesets}`,
        [{ name: 'changeset_id', type: type('text') }],
        [
          { name: 'seq', type: type('bigint') },
          { name: 'prev_hash', type: type('text') },
          { name: 'hash', type: type('text') },
        ],
        links,
      );
    }),
  );
  await run(sql`UPDATE ${head} SET seq = ${seq}, last_hash = ${prevHash} WHERE id = 1`);
  return rows.length;
}
