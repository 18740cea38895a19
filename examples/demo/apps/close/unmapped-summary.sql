SELECT count(*) AS lines,
       count(DISTINCT j.account_id) AS accounts,
       count(DISTINCT j.entity_id) AS entities
FROM journal_lines j
LEFT JOIN account_pl_map m ON m.account_id = j.account_id
WHERE m.pl_line_id IS NULL AND j.period = :period
