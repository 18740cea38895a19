-- SQL Server's spelling of segments.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT DISTINCT segment FROM ev_models ORDER BY segment
OFFSET 0 ROWS
