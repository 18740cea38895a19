-- SQL Server's spelling of my-scenarios.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT scenario_id, name FROM scenarios ORDER BY scenario_id
OFFSET 0 ROWS
