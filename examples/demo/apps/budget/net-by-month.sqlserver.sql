-- SQL Server's spelling of net-by-month.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand (subqueries instead) and ORDER BY needs OFFSET;
-- T-SQL has no EXTRACT; the month label is CONVERT style 23 (yyyy-mm-dd) cut to seven characters.
SELECT CONVERT(CHAR(7), coalesce(a.period, b.period), 23) AS month,
       CAST(a.v AS DECIMAL(18,2)) AS actual, CAST(b.v AS DECIMAL(18,2)) AS budget
FROM (
  SELECT j.period, sum(j.amount * p.sign) AS v FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE YEAR(j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity) GROUP BY j.period
) AS a FULL JOIN (
  SELECT bl.period, sum(bl.amount * p.sign) AS v FROM budget_lines bl
  JOIN account_pl_map m ON m.account_id = bl.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE YEAR(bl.period) = :year AND (:entity IS NULL OR bl.entity_id = :entity) GROUP BY bl.period
) AS b ON a.period = b.period
ORDER BY month
OFFSET 0 ROWS
