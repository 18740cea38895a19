-- Master data mapping (ClickHouse): the product records of three acquired
-- companies' ERPs (own codes and descriptions, duplicates, a third unmapped,
-- some mapped to a product whose GTIN disagrees), the corporate product master
-- with twelve business fields, the reference tables those fields look up, and
-- the mapping table people keep in the mapping app.
-- Same tables and rows as seed/common/20-mapping.sql.
CREATE TABLE product_categories (category_id String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (category_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO product_categories VALUES
  ('FAST', 'Fasteners'), ('BEAR', 'Bearings'), ('SEAL', 'Seals and gaskets'),
  ('FLOW', 'Valves and hoses'), ('FILT', 'Filters'), ('DRIV', 'Belts and drives');

CREATE TABLE units_of_measure (uom String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (uom)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO units_of_measure VALUES ('EA', 'Each'), ('BOX', 'Box of 100'), ('KG', 'Kilogram'), ('M', 'Metre'), ('SET', 'Set');

CREATE TABLE origin_countries (country_code String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (country_code)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO origin_countries VALUES
  ('DE', 'Germany'), ('CN', 'China'), ('US', 'United States'), ('IT', 'Italy'), ('JP', 'Japan'), ('PL', 'Poland'), ('GB', 'United Kingdom');

-- The parts every description is made of: kind, metric size, length, material
-- (a working table, dropped at the end of this script).
CREATE TABLE product_parts
ENGINE = MergeTree ORDER BY (i)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1
AS SELECT i,
       CASE i % 10 WHEN 0 THEN 'Bolt' WHEN 1 THEN 'Screw' WHEN 2 THEN 'Nut' WHEN 3 THEN 'Washer' WHEN 4 THEN 'Bearing'
         WHEN 5 THEN 'Gasket' WHEN 6 THEN 'Valve' WHEN 7 THEN 'Hose' WHEN 8 THEN 'Filter' ELSE 'Belt' END AS kind,
       'M' || toString(4 + 2 * (intDiv(i, 10) % 8)) AS size,
       toString(10 * (1 + intDiv(i, 80) % 8)) AS length,
       CASE intDiv(i, 7) % 4 WHEN 0 THEN 'steel' WHEN 1 THEN 'stainless' WHEN 2 THEN 'zinc' ELSE 'brass' END AS material
FROM (SELECT toInt64(number + 1) AS i FROM numbers(600));

CREATE TABLE corporate_products (
  corporate_code String NOT NULL,
  name String NOT NULL,
  category_id String,
  brand String,
  base_uom String,
  net_weight_kg Decimal(10,3),
  gtin String,
  hs_code String,
  country_of_origin String,
  lifecycle String,
  launch_date Date,
  list_price Decimal(12,2),
  currency String,
  product_manager String
)
ENGINE = MergeTree ORDER BY (corporate_code)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO corporate_products
SELECT 'CP-' || leftPad(toString(i), 5, '0'),
       kind || ' ' || size || 'x' || length || ' ' || material,
       CASE WHEN i % 10 < 4 THEN 'FAST' WHEN i % 10 = 4 THEN 'BEAR' WHEN i % 10 = 5 THEN 'SEAL'
         WHEN i % 10 < 8 THEN 'FLOW' WHEN i % 10 = 8 THEN 'FILT' ELSE 'DRIV' END,
       CASE i % 5 WHEN 0 THEN 'Norlund' WHEN 1 THEN 'Axis' WHEN 2 THEN 'Brema' WHEN 3 THEN 'Kato' ELSE 'Veltro' END,
       CASE WHEN i % 10 < 4 THEN 'BOX' WHEN i % 10 = 7 THEN 'M' ELSE 'EA' END,
       -- (i % 50 + 1) * 0.05 and 1.5 + k * 0.25 in exact decimals, as DuckDB computes them.
       CAST((i % 50 + 1) * 5 AS Decimal(10,3)) / 100,
       -- One product in nine has no GTIN yet, one in eleven no HS code: the enrichment worklist.
       CASE WHEN i % 9 = 0 THEN NULL ELSE '40' || leftPad(toString(i * 7919), 11, '0') END,
       CASE WHEN i % 11 = 0 THEN NULL WHEN i % 10 < 4 THEN '7318.15' WHEN i % 10 = 4 THEN '8482.10' WHEN i % 10 = 5 THEN '8484.10'
         WHEN i % 10 < 8 THEN '8481.80' WHEN i % 10 = 8 THEN '8421.99' ELSE '4010.39' END,
       CASE i % 7 WHEN 0 THEN 'DE' WHEN 1 THEN 'CN' WHEN 2 THEN 'US' WHEN 3 THEN 'IT' WHEN 4 THEN 'JP' WHEN 5 THEN 'PL' ELSE 'GB' END,
       CASE WHEN i % 23 = 0 THEN 'obsolete' WHEN i % 13 = 0 THEN 'phase_out' ELSE 'active' END,
       toDate('2019-01-01') + toInt32((i * 3) % 2000),
       CAST(150 + (i * 37) % 400 * 25 AS Decimal(12,2)) / 100,
       'EUR',
       CASE i % 3 WHEN 0 THEN 'lena.berg@example.com' WHEN 1 THEN 'omar.diaz@example.com' ELSE 'mei.chen@example.com' END
FROM product_parts;

-- Words of each corporate product's name, for the suggestions (text similarity in SQL).
CREATE TABLE product_keywords (corporate_code String NOT NULL, keyword String NOT NULL)
ENGINE = MergeTree ORDER BY (corporate_code, keyword)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO product_keywords
SELECT DISTINCT code, keyword FROM (
  SELECT 'CP-' || leftPad(toString(i), 5, '0') AS code, lower(kind) AS keyword FROM product_parts
  UNION ALL SELECT 'CP-' || leftPad(toString(i), 5, '0'), lower(size) || 'x' FROM product_parts
  UNION ALL SELECT 'CP-' || leftPad(toString(i), 5, '0'), 'x' || length FROM product_parts
  UNION ALL SELECT 'CP-' || leftPad(toString(i), 5, '0'), material FROM product_parts
) AS words;

-- 1,200 records per source system; each product appears twice per system (duplicates),
-- described in that system's own way.
CREATE TABLE product_sources (
  source_system String NOT NULL,
  source_code String NOT NULL,
  description String NOT NULL,
  uom String,
  ean String,
  product_no Int32 NOT NULL
)
ENGINE = MergeTree ORDER BY (source_system, source_code)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO product_sources
SELECT CASE g.s WHEN 1 THEN 'SAP-NORDIC' WHEN 2 THEN 'NAV-IBERIA' ELSE 'JDE-ATLANTIC' END,
       CASE g.s WHEN 1 THEN 'MAT' || leftPad(toString(g.n), 6, '0') WHEN 2 THEN 'IB-' || toString(g.n) ELSE leftPad(toString(g.n * 13), 7, '0') END,
       CASE g.s WHEN 1 THEN upper(p.kind || ' ' || p.size || 'X' || p.length || ' ' || p.material)
         WHEN 2 THEN lower(p.kind) || ' ' || lower(p.size) || ' x ' || p.length || ' mm, ' || p.material
         ELSE p.material || ' ' || lower(p.kind) || ' ' || p.size || 'x' || p.length END,
       CASE g.s WHEN 1 THEN 'ST' WHEN 2 THEN 'UD' ELSE 'EA' END,
       c.gtin,
       p.i
FROM (
  SELECT a.number + 1 AS s, b.number + 1 AS n, toInt64((n * CASE s WHEN 1 THEN 7 WHEN 2 THEN 11 ELSE 13 END) % 600 + 1) AS part_no
  FROM numbers(3) AS a CROSS JOIN numbers(1200) AS b
) AS g
JOIN product_parts AS p ON p.i = g.part_no
JOIN corporate_products AS c ON c.corporate_code = 'CP-' || leftPad(toString(p.i), 5, '0');

-- The mapping: 70% mapped at migration, 30% still open, and one record in fifty
-- mapped to the neighbouring product (its GTIN disagrees: a conflict to fix).
CREATE TABLE product_map (
  source_system String NOT NULL,
  source_code String NOT NULL,
  corporate_code String,
  reason String
)
ENGINE = MergeTree ORDER BY (source_system, source_code)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO product_map
SELECT source_system, source_code,
       CASE WHEN product_no % 10 >= 7 THEN NULL
         WHEN product_no % 50 = 3 THEN 'CP-' || leftPad(toString(product_no % 600 + 1), 5, '0')
         ELSE 'CP-' || leftPad(toString(product_no), 5, '0') END,
       CASE WHEN product_no % 10 >= 7 THEN NULL ELSE 'Migrated from ' || source_system END
FROM product_sources;

DROP TABLE product_parts;
