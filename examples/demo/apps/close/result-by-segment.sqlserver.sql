-- SQL Server's spelling of result-by-segment.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT COALESCE(s.name, 'No segment') AS segment, CAST(sum(j.amount * p.sign) AS DECIMAL(18,2)) AS actual
FROM journal_lines j
JOIN account_pl_map m ON m.account_id = j.account_id
JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
LEFT JOIN entity_bu_map eb ON eb.entity_id = j.entity_id
LEFT JOIN bu_segment_map bs ON bs.bu_id = eb.bu_id
LEFT JOIN reporting_segments s ON s.segment_id = bs.segment_id
WHERE j.period = :period
GROUP BY s.name
-- Engines differ on where NULL sorts: "No segment" goes last everywhere.
ORDER BY CASE WHEN s.name IS NULL THEN 1 ELSE 0 END, s.name
OFFSET 0 ROWS
