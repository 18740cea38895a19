-- SQL Server's spelling of readable-entities.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT DISTINCT entity_id FROM budget_lines ORDER BY entity_id
OFFSET 0 ROWS
