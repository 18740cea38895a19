SELECT corporate_code, CONCAT(corporate_code, ' · ', name) AS label FROM corporate_products ORDER BY corporate_code
