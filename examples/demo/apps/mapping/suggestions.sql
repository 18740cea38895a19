-- Candidate corporate products for one source record: the share of a product's
-- name words found in the record's description, plus a bonus when the GTIN matches.
WITH src AS (
  SELECT replace(replace(lower(description), ' ', ''), ',', '') AS words, ean
  FROM product_sources WHERE source_system = :pick_system AND source_code = :pick_code
), hits AS (
  SELECT k.corporate_code, count(*) AS matched
  FROM product_keywords k CROSS JOIN src
  WHERE src.words LIKE CONCAT('%', k.keyword, '%')
  GROUP BY k.corporate_code
), sizes AS (
  SELECT corporate_code, count(*) AS words FROM product_keywords GROUP BY corporate_code
)
SELECT c.corporate_code, c.name,
       CAST(round(100.0 * h.matched / z.words, 0) + CASE WHEN c.gtin = src.ean THEN 50 ELSE 0 END AS INTEGER) AS score,
       CASE WHEN c.gtin = src.ean THEN 'same GTIN' ELSE '' END AS evidence
FROM hits h
JOIN sizes z ON z.corporate_code = h.corporate_code
JOIN corporate_products c ON c.corporate_code = h.corporate_code
CROSS JOIN src
ORDER BY score DESC, c.corporate_code
LIMIT 5
