-- Master data mapping (SQL Server): the product records of three acquired
-- companies' ERPs (own codes and descriptions, duplicates, a third unmapped,
-- some mapped to a product whose GTIN disagrees), the corporate product master
-- with twelve business fields, the reference tables those fields look up, and
-- the mapping table people keep in the mapping app.
-- Same tables and rows as seed/common/20-mapping.sql. Rows come from cross joins
-- of a VALUES list of digits; `/` between integers divides as integers; lpad is
-- RIGHT(CONCAT(zeros, n), width) (no value is longer than its width).
CREATE TABLE product_categories (category_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO product_categories VALUES
  ('FAST', 'Fasteners'), ('BEAR', 'Bearings'), ('SEAL', 'Seals and gaskets'),
  ('FLOW', 'Valves and hoses'), ('FILT', 'Filters'), ('DRIV', 'Belts and drives');

CREATE TABLE units_of_measure (uom NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO units_of_measure VALUES ('EA', 'Each'), ('BOX', 'Box of 100'), ('KG', 'Kilogram'), ('M', 'Metre'), ('SET', 'Set');

CREATE TABLE origin_countries (country_code NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO origin_countries VALUES
  ('DE', 'Germany'), ('CN', 'China'), ('US', 'United States'), ('IT', 'Italy'), ('JP', 'Japan'), ('PL', 'Poland'), ('GB', 'United Kingdom');

-- The parts every description is made of: kind, metric size, length, material
-- (a working table, dropped at the end of this script).
CREATE TABLE product_parts (i INT NOT NULL PRIMARY KEY, kind NVARCHAR(50) NOT NULL, size NVARCHAR(50) NOT NULL, length NVARCHAR(50) NOT NULL,
  material NVARCHAR(50) NOT NULL);
WITH digits AS (
  SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(n)
), numbers AS (
  SELECT h.n * 100 + t.n * 10 + u.n + 1 AS i FROM digits AS h CROSS JOIN digits AS t CROSS JOIN digits AS u WHERE h.n < 6
)
INSERT INTO product_parts
SELECT i,
       CASE i % 10 WHEN 0 THEN 'Bolt' WHEN 1 THEN 'Screw' WHEN 2 THEN 'Nut' WHEN 3 THEN 'Washer' WHEN 4 THEN 'Bearing'
         WHEN 5 THEN 'Gasket' WHEN 6 THEN 'Valve' WHEN 7 THEN 'Hose' WHEN 8 THEN 'Filter' ELSE 'Belt' END,
       CONCAT('M', 4 + 2 * ((i / 10) % 8)),
       CAST(10 * (1 + (i / 80) % 8) AS NVARCHAR(50)),
       CASE (i / 7) % 4 WHEN 0 THEN 'steel' WHEN 1 THEN 'stainless' WHEN 2 THEN 'zinc' ELSE 'brass' END
FROM numbers;

CREATE TABLE corporate_products (
  corporate_code NVARCHAR(50) NOT NULL PRIMARY KEY,
  name NVARCHAR(MAX) NOT NULL,
  category_id NVARCHAR(50),
  brand NVARCHAR(MAX),
  base_uom NVARCHAR(50),
  net_weight_kg DECIMAL(10,3),
  gtin NVARCHAR(MAX),
  hs_code NVARCHAR(MAX),
  country_of_origin NVARCHAR(50),
  lifecycle NVARCHAR(MAX),
  launch_date DATE,
  list_price DECIMAL(12,2),
  currency NVARCHAR(MAX),
  product_manager NVARCHAR(MAX)
);
INSERT INTO corporate_products
SELECT CONCAT('CP-', RIGHT(CONCAT('00000', i), 5)),
       CONCAT(kind, ' ', size, 'x', length, ' ', material),
       CASE WHEN i % 10 < 4 THEN 'FAST' WHEN i % 10 = 4 THEN 'BEAR' WHEN i % 10 = 5 THEN 'SEAL'
         WHEN i % 10 < 8 THEN 'FLOW' WHEN i % 10 = 8 THEN 'FILT' ELSE 'DRIV' END,
       CASE i % 5 WHEN 0 THEN 'Norlund' WHEN 1 THEN 'Axis' WHEN 2 THEN 'Brema' WHEN 3 THEN 'Kato' ELSE 'Veltro' END,
       CASE WHEN i % 10 < 4 THEN 'BOX' WHEN i % 10 = 7 THEN 'M' ELSE 'EA' END,
       -- Exact decimals: INT times a DECIMAL literal.
       CAST((i % 50 + 1) * 0.05 AS DECIMAL(10,3)),
       -- One product in nine has no GTIN yet, one in eleven no HS code: the enrichment worklist.
       CASE WHEN i % 9 = 0 THEN NULL ELSE CONCAT('40', RIGHT(CONCAT('00000000000', i * 7919), 11)) END,
       CASE WHEN i % 11 = 0 THEN NULL WHEN i % 10 < 4 THEN '7318.15' WHEN i % 10 = 4 THEN '8482.10' WHEN i % 10 = 5 THEN '8484.10'
         WHEN i % 10 < 8 THEN '8481.80' WHEN i % 10 = 8 THEN '8421.99' ELSE '4010.39' END,
       CASE i % 7 WHEN 0 THEN 'DE' WHEN 1 THEN 'CN' WHEN 2 THEN 'US' WHEN 3 THEN 'IT' WHEN 4 THEN 'JP' WHEN 5 THEN 'PL' ELSE 'GB' END,
       CASE WHEN i % 23 = 0 THEN 'obsolete' WHEN i % 13 = 0 THEN 'phase_out' ELSE 'active' END,
       DATEADD(DAY, (i * 3) % 2000, CAST('2019-01-01' AS DATE)),
       CAST(1.5 + (i * 37) % 400 * 0.25 AS DECIMAL(12,2)),
       'EUR',
       CASE i % 3 WHEN 0 THEN 'lena.berg@example.com' WHEN 1 THEN 'omar.diaz@example.com' ELSE 'mei.chen@example.com' END
FROM product_parts;

-- Words of each corporate product's name, for the suggestions (text similarity in SQL).
CREATE TABLE product_keywords (corporate_code NVARCHAR(50) NOT NULL, keyword NVARCHAR(50) NOT NULL, PRIMARY KEY (corporate_code, keyword));
INSERT INTO product_keywords
SELECT DISTINCT code, keyword FROM (
  SELECT CONCAT('CP-', RIGHT(CONCAT('00000', i), 5)) AS code, LOWER(kind) AS keyword FROM product_parts
  UNION ALL SELECT CONCAT('CP-', RIGHT(CONCAT('00000', i), 5)), CONCAT(LOWER(size), 'x') FROM product_parts
  UNION ALL SELECT CONCAT('CP-', RIGHT(CONCAT('00000', i), 5)), CONCAT('x', length) FROM product_parts
  UNION ALL SELECT CONCAT('CP-', RIGHT(CONCAT('00000', i), 5)), material FROM product_parts
) AS words;

-- 1,200 records per source system; each product appears twice per system (duplicates),
-- described in that system's own way.
CREATE TABLE product_sources (
  source_system NVARCHAR(50) NOT NULL,
  source_code NVARCHAR(50) NOT NULL,
  description NVARCHAR(MAX) NOT NULL,
  uom NVARCHAR(MAX),
  ean NVARCHAR(MAX),
  product_no INT NOT NULL,
  PRIMARY KEY (source_system, source_code)
);
WITH digits AS (
  SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(n)
), numbers AS (
  SELECT th.n * 1000 + h.n * 100 + t.n * 10 + u.n + 1 AS n
  FROM digits AS th CROSS JOIN digits AS h CROSS JOIN digits AS t CROSS JOIN digits AS u
  WHERE th.n * 1000 + h.n * 100 + t.n * 10 + u.n < 1200
)
INSERT INTO product_sources
SELECT CASE a.s WHEN 1 THEN 'SAP-NORDIC' WHEN 2 THEN 'NAV-IBERIA' ELSE 'JDE-ATLANTIC' END,
       CASE a.s WHEN 1 THEN CONCAT('MAT', RIGHT(CONCAT('000000', b.n), 6)) WHEN 2 THEN CONCAT('IB-', b.n) ELSE RIGHT(CONCAT('0000000', b.n * 13), 7) END,
       CASE a.s WHEN 1 THEN UPPER(CONCAT(p.kind, ' ', p.size, 'X', p.length, ' ', p.material))
         WHEN 2 THEN CONCAT(LOWER(p.kind), ' ', LOWER(p.size), ' x ', p.length, ' mm, ', p.material)
         ELSE CONCAT(p.material, ' ', LOWER(p.kind), ' ', p.size, 'x', p.length) END,
       CASE a.s WHEN 1 THEN 'ST' WHEN 2 THEN 'UD' ELSE 'EA' END,
       c.gtin,
       p.i
FROM (VALUES (1), (2), (3)) AS a(s)
CROSS JOIN numbers AS b
JOIN product_parts AS p ON p.i = (b.n * CASE a.s WHEN 1 THEN 7 WHEN 2 THEN 11 ELSE 13 END) % 600 + 1
JOIN corporate_products AS c ON c.corporate_code = CONCAT('CP-', RIGHT(CONCAT('00000', p.i), 5));

-- The mapping: 70% mapped at migration, 30% still open, and one record in fifty
-- mapped to the neighbouring product (its GTIN disagrees: a conflict to fix).
CREATE TABLE product_map (
  source_system NVARCHAR(50) NOT NULL,
  source_code NVARCHAR(50) NOT NULL,
  corporate_code NVARCHAR(50),
  reason NVARCHAR(MAX),
  PRIMARY KEY (source_system, source_code)
);
INSERT INTO product_map
SELECT source_system, source_code,
       CASE WHEN product_no % 10 >= 7 THEN NULL
         WHEN product_no % 50 = 3 THEN CONCAT('CP-', RIGHT(CONCAT('00000', product_no % 600 + 1), 5))
         ELSE CONCAT('CP-', RIGHT(CONCAT('00000', product_no), 5)) END,
       CASE WHEN product_no % 10 >= 7 THEN NULL ELSE CONCAT('Migrated from ', source_system) END
FROM product_sources;

DROP TABLE product_parts;
