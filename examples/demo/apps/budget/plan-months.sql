SELECT DISTINCT period FROM budget_lines WHERE extract(year FROM period) = :year ORDER BY period
