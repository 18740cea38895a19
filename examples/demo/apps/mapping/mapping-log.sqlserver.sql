-- SQL Server's spelling of mapping-log.sql: T-SQL has no LIMIT (OFFSET … FETCH instead, which a derived table also accepts).
SELECT c.committed_at, c.username, c.updated AS records, r.reason, c.changeset_id
FROM roundtrip_audit.changesets c
LEFT JOIN (
  SELECT changeset_id, max(new_value) AS reason FROM roundtrip_audit.cell_changes
  WHERE table_name = 'product_map' AND column_name = 'reason' GROUP BY changeset_id
) r ON r.changeset_id = c.changeset_id
WHERE c.app = 'mapping' AND c.table_name = 'product_map'
ORDER BY c.committed_at DESC
OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY
