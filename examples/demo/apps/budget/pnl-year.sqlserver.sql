-- SQL Server's spelling of pnl-year.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand (subqueries instead) and ORDER BY needs OFFSET;
-- T-SQL has no EXTRACT.
SELECT p.name AS pl_line, CAST(COALESCE(a.v, 0) AS DECIMAL(18,2)) AS actual, CAST(COALESCE(b.v, 0) AS DECIMAL(18,2)) AS budget,
       CAST(COALESCE(a.v, 0) - COALESCE(b.v, 0) AS DECIMAL(18,2)) AS variance
FROM pl_lines p
LEFT JOIN (
  SELECT m.pl_line_id, sum(j.amount) AS v FROM journal_lines j JOIN account_pl_map m ON m.account_id = j.account_id
  WHERE YEAR(j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity) GROUP BY m.pl_line_id
) AS a ON a.pl_line_id = p.pl_line_id
LEFT JOIN (
  SELECT m.pl_line_id, sum(bl.amount) AS v FROM budget_lines bl JOIN account_pl_map m ON m.account_id = bl.account_id
  WHERE YEAR(bl.period) = :year AND (:entity IS NULL OR bl.entity_id = :entity) GROUP BY m.pl_line_id
) AS b ON b.pl_line_id = p.pl_line_id
ORDER BY p.sort_order
OFFSET 0 ROWS
