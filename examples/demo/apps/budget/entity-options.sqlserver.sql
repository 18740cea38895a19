-- SQL Server's spelling of entity-options.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT e.entity_id, CONCAT(e.entity_id, N' · ', e.name) AS label FROM entities e
WHERE e.entity_id IN (SELECT entity_id FROM budget_lines)
ORDER BY e.entity_id
OFFSET 0 ROWS
