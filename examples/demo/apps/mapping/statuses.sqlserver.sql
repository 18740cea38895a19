-- SQL Server's spelling of statuses.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT status FROM (
  SELECT 'unmapped' AS status, 1 AS n UNION ALL SELECT 'conflict', 2 UNION ALL SELECT 'mapped', 3
) AS s
ORDER BY n
OFFSET 0 ROWS
