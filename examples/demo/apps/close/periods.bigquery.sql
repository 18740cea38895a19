SELECT DISTINCT period, FORMAT_DATE('%Y-%m', period) AS label
FROM budget_lines
ORDER BY period
