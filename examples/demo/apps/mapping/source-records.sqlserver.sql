-- SQL Server's spelling of source-records.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT * FROM (
  SELECT s.source_system AS source_system, s.source_code AS source_code, s.description AS description, s.ean AS ean,
         m.corporate_code AS corporate_code, c.name AS corporate_name,
         CASE WHEN m.corporate_code IS NULL THEN 'unmapped'
              WHEN s.ean IS NOT NULL AND c.gtin IS NOT NULL AND s.ean <> c.gtin THEN 'conflict'
              ELSE 'mapped' END AS status,
         m.reason AS reason
  FROM product_sources s
  JOIN product_map m ON m.source_system = s.source_system AND m.source_code = s.source_code
  LEFT JOIN corporate_products c ON c.corporate_code = m.corporate_code
) AS r
WHERE (:system IS NULL OR source_system = :system)
  AND (:status IS NULL OR status = :status)
  AND (:search IS NULL OR lower(description) LIKE CONCAT('%', lower(:search), '%'))
ORDER BY description, source_system, source_code
OFFSET 0 ROWS
