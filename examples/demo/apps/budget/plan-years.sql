SELECT DISTINCT CAST(extract(year FROM period) AS INTEGER) AS year FROM budget_lines ORDER BY year
