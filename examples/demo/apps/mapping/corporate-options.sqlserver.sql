-- SQL Server's spelling of corporate-options.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT corporate_code, CONCAT(corporate_code, N' · ', name) AS label FROM corporate_products ORDER BY corporate_code
OFFSET 0 ROWS
