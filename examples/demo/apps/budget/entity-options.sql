SELECT e.entity_id, CONCAT(e.entity_id, ' · ', e.name) AS label FROM entities e
WHERE e.entity_id IN (SELECT entity_id FROM budget_lines)
ORDER BY e.entity_id
