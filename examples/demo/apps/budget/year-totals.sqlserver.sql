-- SQL Server's spelling of year-totals.sql: T-SQL has no EXTRACT.
SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual, CAST(budget.v AS DECIMAL(18,2)) AS budget, CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE YEAR(j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity)
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE YEAR(b.period) = :year AND (:entity IS NULL OR b.entity_id = :entity)
) AS budget
