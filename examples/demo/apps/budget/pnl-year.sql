WITH actual AS (
  SELECT m.pl_line_id, sum(j.amount) AS v FROM journal_lines j JOIN account_pl_map m ON m.account_id = j.account_id
  WHERE extract(year FROM j.period) = :year AND (:entity IS NULL OR j.entity_id = :entity) GROUP BY m.pl_line_id
), budget AS (
  SELECT m.pl_line_id, sum(b.amount) AS v FROM budget_lines b JOIN account_pl_map m ON m.account_id = b.account_id
  WHERE extract(year FROM b.period) = :year AND (:entity IS NULL OR b.entity_id = :entity) GROUP BY m.pl_line_id
)
SELECT p.name AS pl_line, CAST(COALESCE(a.v, 0) AS DECIMAL(18,2)) AS actual, CAST(COALESCE(b.v, 0) AS DECIMAL(18,2)) AS budget,
       CAST(COALESCE(a.v, 0) - COALESCE(b.v, 0) AS DECIMAL(18,2)) AS variance
FROM pl_lines p LEFT JOIN actual a ON a.pl_line_id = p.pl_line_id LEFT JOIN budget b ON b.pl_line_id = p.pl_line_id
ORDER BY p.sort_order
