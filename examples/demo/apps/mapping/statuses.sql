SELECT status FROM (
  SELECT 'unmapped' AS status, 1 AS n UNION ALL SELECT 'conflict', 2 UNION ALL SELECT 'mapped', 3
) AS s
ORDER BY n
