SELECT DISTINCT period, substr(CAST(period AS VARCHAR), 1, 7) AS label
FROM budget_lines
ORDER BY period
