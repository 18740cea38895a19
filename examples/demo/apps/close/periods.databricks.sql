SELECT DISTINCT period, date_format(period, 'yyyy-MM') AS label
FROM budget_lines
ORDER BY period
