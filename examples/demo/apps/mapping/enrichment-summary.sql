-- Corporate products missing a business field the master requires.
SELECT count(*) AS products,
       sum(CASE WHEN gtin IS NULL OR hs_code IS NULL OR category_id IS NULL OR brand IS NULL OR base_uom IS NULL
                  OR country_of_origin IS NULL OR lifecycle IS NULL OR list_price IS NULL THEN 1 ELSE 0 END) AS incomplete
FROM corporate_products
