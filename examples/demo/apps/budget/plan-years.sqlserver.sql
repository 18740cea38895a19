-- SQL Server's spelling of plan-years.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET; T-SQL has no EXTRACT.
SELECT DISTINCT CAST(YEAR(period) AS INTEGER) AS year FROM budget_lines ORDER BY year
OFFSET 0 ROWS
