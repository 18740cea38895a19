-- SQL Server's spelling of entity-status.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand (subqueries instead) and ORDER BY needs OFFSET.
SELECT e.entity_id, e.name AS entity, b.name AS business_unit,
       COALESCE(s.name, 'No segment') AS segment,
       COALESCE(u.lines, 0) AS unmapped_lines,
       CASE WHEN c.period IS NOT NULL THEN 'Closed'
            WHEN COALESCE(u.lines, 0) > 0 OR s.segment_id IS NULL THEN 'Needs mapping'
            ELSE 'Ready to close' END AS status
FROM entities e
LEFT JOIN entity_bu_map eb ON eb.entity_id = e.entity_id
LEFT JOIN business_units b ON b.bu_id = eb.bu_id
LEFT JOIN bu_segment_map bs ON bs.bu_id = eb.bu_id
LEFT JOIN reporting_segments s ON s.segment_id = bs.segment_id
LEFT JOIN (
  SELECT j.entity_id, count(*) AS lines
  FROM journal_lines j
  LEFT JOIN account_pl_map m ON m.account_id = j.account_id
  WHERE m.pl_line_id IS NULL AND j.period = :period
  GROUP BY j.entity_id
) AS u ON u.entity_id = e.entity_id
LEFT JOIN closed_periods c ON c.period = :period
ORDER BY e.entity_id
OFFSET 0 ROWS
