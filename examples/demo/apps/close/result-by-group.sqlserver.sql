-- SQL Server's spelling of result-by-group.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT COALESCE(g.name, 'No group') AS pl_group, CAST(sum(j.amount * p.sign) AS DECIMAL(18,2)) AS actual
FROM journal_lines j
JOIN account_pl_map m ON m.account_id = j.account_id
JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
LEFT JOIN pl_line_groups lg ON lg.pl_line_id = p.pl_line_id
LEFT JOIN pl_groups g ON g.group_id = lg.group_id
WHERE j.period = :period
GROUP BY g.name, g.sort_order
ORDER BY COALESCE(g.sort_order, 999)
OFFSET 0 ROWS
