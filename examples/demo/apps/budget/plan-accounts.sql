SELECT a.account_id, CONCAT(a.account_id, ' · ', a.name) AS label, COALESCE(p.name, 'Unmapped') AS pl_line
FROM accounts a
LEFT JOIN account_pl_map m ON m.account_id = a.account_id
LEFT JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
ORDER BY COALESCE(p.sort_order, 999), a.account_id
