-- SQL Server's spelling of pnl-actual-by-month.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET; T-SQL has no EXTRACT.
SELECT p.name AS pl_line,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 1 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m01,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 2 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m02,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 3 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m03,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 4 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m04,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 5 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m05,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 6 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m06,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 7 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m07,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 8 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m08,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 9 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m09,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 10 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m10,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 11 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m11,
       CAST(COALESCE(sum(CASE WHEN MONTH(j.period) = 12 THEN j.amount END), 0) AS DECIMAL(18,2)) AS m12
FROM pl_lines p
LEFT JOIN account_pl_map m ON m.pl_line_id = p.pl_line_id
LEFT JOIN journal_lines j ON j.account_id = m.account_id
  AND YEAR(j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity)
GROUP BY p.pl_line_id, p.name, p.sort_order
ORDER BY p.sort_order
OFFSET 0 ROWS
