-- SQL Server's spelling of unmapped-by-entity.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT j.entity_id, e.name AS entity, j.account_id, a.name AS account,
       count(*) AS lines, CAST(sum(j.amount) AS DECIMAL(18,2)) AS amount
FROM journal_lines j
JOIN entities e ON e.entity_id = j.entity_id
JOIN accounts a ON a.account_id = j.account_id
LEFT JOIN account_pl_map m ON m.account_id = j.account_id
WHERE m.pl_line_id IS NULL AND j.period = :period
GROUP BY j.entity_id, e.name, j.account_id, a.name
ORDER BY j.entity_id, j.account_id
OFFSET 0 ROWS
