-- SQL Server's spelling of suggestions.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand (subqueries instead) and ORDER BY needs OFFSET;
-- T-SQL has no LIMIT (OFFSET … FETCH instead).
SELECT c.corporate_code, c.name,
       CAST(round(100.0 * h.matched / z.words, 0) + CASE WHEN c.gtin = src.ean THEN 50 ELSE 0 END AS INTEGER) AS score,
       CASE WHEN c.gtin = src.ean THEN 'same GTIN' ELSE '' END AS evidence
FROM (
  SELECT k.corporate_code, count(*) AS matched
  FROM product_keywords k CROSS JOIN (
    SELECT replace(replace(lower(description), ' ', ''), ',', '') AS words
    FROM product_sources WHERE source_system = :pick_system AND source_code = :pick_code
  ) AS src
  WHERE src.words LIKE CONCAT('%', k.keyword, '%')
  GROUP BY k.corporate_code
) AS h
JOIN (
  SELECT corporate_code, count(*) AS words FROM product_keywords GROUP BY corporate_code
) AS z ON z.corporate_code = h.corporate_code
JOIN corporate_products c ON c.corporate_code = h.corporate_code
CROSS JOIN (
  SELECT ean FROM product_sources WHERE source_system = :pick_system AND source_code = :pick_code
) AS src
ORDER BY score DESC, c.corporate_code
OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY
