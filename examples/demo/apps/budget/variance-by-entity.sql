WITH actual AS (
  SELECT j.entity_id, sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  GROUP BY j.entity_id
), budget AS (
  SELECT b.entity_id, sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  GROUP BY b.entity_id
)
SELECT e.entity_id, e.name, c.name AS country, bu.name AS business_unit,
       CAST(a.v AS DECIMAL(18,2)) AS actual,
       CAST(b.v AS DECIMAL(18,2)) AS budget,
       CAST(a.v - b.v AS DECIMAL(18,2)) AS variance,
       CAST(round(100 * (a.v - b.v) / nullif(abs(b.v), 0), 1) AS DECIMAL(9,1)) AS variance_pct
FROM entities e
JOIN countries c ON c.country_code = e.country_code
JOIN entity_bu_map ebm ON ebm.entity_id = e.entity_id
JOIN business_units bu ON bu.bu_id = ebm.bu_id
LEFT JOIN actual a ON a.entity_id = e.entity_id
LEFT JOIN budget b ON b.entity_id = e.entity_id
WHERE (:entity IS NULL OR e.entity_id = :entity)
  AND e.entity_id IN (SELECT entity_id FROM budget_lines)
ORDER BY e.entity_id
