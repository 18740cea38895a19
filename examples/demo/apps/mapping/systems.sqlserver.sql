-- SQL Server's spelling of systems.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT DISTINCT source_system FROM product_sources ORDER BY source_system
OFFSET 0 ROWS
