SELECT scenario_id, name FROM scenarios ORDER BY scenario_id
