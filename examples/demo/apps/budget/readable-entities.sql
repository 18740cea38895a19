SELECT DISTINCT entity_id FROM budget_lines ORDER BY entity_id
