-- Net result per month of one year, actual and budget.
WITH actual AS (
  SELECT j.period, sum(j.amount * p.sign) AS v FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE extract(year FROM j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity) GROUP BY j.period
), budget AS (
  SELECT b.period, sum(b.amount * p.sign) AS v FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE extract(year FROM b.period) = :year AND (:entity IS NULL OR b.entity_id = :entity) GROUP BY b.period
)
SELECT FORMAT_DATE('%Y-%m', coalesce(a.period, b.period)) AS month,
       CAST(a.v AS DECIMAL(18,2)) AS actual, CAST(b.v AS DECIMAL(18,2)) AS budget
FROM actual a FULL JOIN budget b ON a.period = b.period
ORDER BY month
