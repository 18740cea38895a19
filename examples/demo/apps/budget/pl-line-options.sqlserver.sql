-- SQL Server's spelling of pl-line-options.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT pl_line_id, name FROM pl_lines ORDER BY sort_order
OFFSET 0 ROWS
