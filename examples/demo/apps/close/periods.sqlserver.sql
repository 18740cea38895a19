-- SQL Server's spelling of periods.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET; the month label is CONVERT style 23 (yyyy-mm-dd) cut to seven characters.
SELECT DISTINCT period, CONVERT(CHAR(7), period, 23) AS label
FROM budget_lines
ORDER BY period
OFFSET 0 ROWS
