-- The worklist's counts: open records, conflicts and the share mapped.
SELECT count(*) - count(m.corporate_code) AS unmapped,
       sum(CASE WHEN s.ean IS NOT NULL AND c.gtin IS NOT NULL AND s.ean <> c.gtin THEN 1 ELSE 0 END) AS conflicts,
       CAST(round(100.0 * count(m.corporate_code) / count(*), 1) AS DECIMAL(5,1)) AS mapped_pct
FROM product_sources s
JOIN product_map m ON m.source_system = s.source_system AND m.source_code = s.source_code
LEFT JOIN corporate_products c ON c.corporate_code = m.corporate_code
WHERE :system IS NULL OR s.source_system = :system
