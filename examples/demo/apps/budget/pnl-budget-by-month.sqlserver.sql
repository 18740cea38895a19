-- SQL Server's spelling of pnl-budget-by-month.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET; T-SQL has no EXTRACT.
SELECT p.name AS pl_line,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 1 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m01,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 2 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m02,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 3 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m03,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 4 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m04,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 5 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m05,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 6 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m06,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 7 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m07,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 8 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m08,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 9 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m09,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 10 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m10,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 11 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m11,
       CAST(COALESCE(sum(CASE WHEN MONTH(b.period) = 12 THEN b.amount END), 0) AS DECIMAL(18,2)) AS m12
FROM pl_lines p
LEFT JOIN account_pl_map m ON m.pl_line_id = p.pl_line_id
LEFT JOIN budget_lines b ON b.account_id = m.account_id
  AND YEAR(b.period) = :year AND (:entity IS NULL OR b.entity_id = :entity)
GROUP BY p.pl_line_id, p.name, p.sort_order
ORDER BY p.sort_order
OFFSET 0 ROWS
