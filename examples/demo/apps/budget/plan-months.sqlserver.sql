-- SQL Server's spelling of plan-months.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET; T-SQL has no EXTRACT.
SELECT DISTINCT period FROM budget_lines WHERE YEAR(period) = :year ORDER BY period
OFFSET 0 ROWS
