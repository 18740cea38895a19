-- Reference data for the planning demo (ClickHouse): countries, business units,
-- 40 entities, a chart of accounts, P&L lines and the two mapping tables.
-- Same tables, columns and rows as seed/duckdb/01-reference.sql. Every table
-- keeps the block number and offset columns: Roundtrip's writes need them.
CREATE TABLE countries (country_code String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (country_code)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO countries VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE business_units (bu_id String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (bu_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO business_units VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE entities (
  entity_id String NOT NULL,
  name String NOT NULL,
  country_code String NOT NULL,
  size_factor Decimal(6,3) NOT NULL
)
ENGINE = MergeTree ORDER BY (entity_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
-- size_factor is computed in Float64 as in DuckDB; DuckDB's cast to DECIMAL rounds
-- x * 1000 half away from zero (ClickHouse's would truncate), so round it here.
INSERT INTO entities
SELECT 'E' || leftPad(toString(i), 2, '0'),
       ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove'][((i - 1) % 8) + 1]
         || ' ' || ['UK', 'Deutschland', 'France', 'Nederland', 'España'][intDiv(i - 1, 8) + 1],
       ['GB', 'DE', 'FR', 'NL', 'ES'][intDiv(i - 1, 8) + 1],
       toDecimal64(toInt64(floor(x) + (x - floor(x) >= 0.5)), 3) / 1000
FROM (SELECT number + 1 AS i, (0.6 + ((i * 7919) % 97) / 60.0) * 1000 AS x FROM numbers(40));

CREATE TABLE entity_bu_map (entity_id String NOT NULL, bu_id String NOT NULL)
ENGINE = MergeTree ORDER BY (entity_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO entity_bu_map SELECT entity_id, ['IND', 'CON', 'SRV', 'DIG'][(toInt32(substring(entity_id, 2)) % 4) + 1] FROM entities;

CREATE TABLE pl_lines (pl_line_id String NOT NULL, name String NOT NULL, sort_order Int32 NOT NULL, sign Int32 NOT NULL)
ENGINE = MergeTree ORDER BY (pl_line_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO pl_lines VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE accounts (account_id String NOT NULL, name String NOT NULL, monthly_base Decimal(18,2) NOT NULL)
ENGINE = MergeTree ORDER BY (account_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO accounts VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE account_pl_map (account_id String NOT NULL, pl_line_id String)
ENGINE = MergeTree ORDER BY (account_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO account_pl_map
SELECT account_id,
       CASE WHEN account_id < '5000' THEN 'REV' WHEN account_id < '6000' THEN 'COGS' WHEN account_id < '7000' THEN 'OPEX'
            WHEN account_id < '8000' THEN 'DA' WHEN account_id = '8000' THEN 'FIN' END
FROM accounts;

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE closed_periods (period Date NOT NULL, note String)
ENGINE = MergeTree ORDER BY (period)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
