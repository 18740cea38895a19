-- Reference data for the planning demo (BigQuery): countries, business units,
-- 40 entities, a chart of accounts, P&L lines and the two mapping tables.
-- Same tables, columns and rows as seed/postgres/01-reference.sql; the tables
-- live in the job's default dataset. Keys are declared NOT ENFORCED, the only
-- kind BigQuery has.
CREATE TABLE countries (country_code STRING NOT NULL, name STRING NOT NULL, PRIMARY KEY (country_code) NOT ENFORCED);
INSERT INTO countries VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE business_units (bu_id STRING NOT NULL, name STRING NOT NULL, PRIMARY KEY (bu_id) NOT ENFORCED);
INSERT INTO business_units VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE entities (
  entity_id STRING NOT NULL,
  name STRING NOT NULL,
  country_code STRING NOT NULL,
  size_factor NUMERIC(6, 3) NOT NULL,
  PRIMARY KEY (entity_id) NOT ENFORCED
);
-- ORDINAL indexes arrays from 1 as PostgreSQL does; DIV is its integer division.
-- 0.6 + k / 60 in NUMERIC never ends in a half thousandth: ROUND to 3 places is exact.
INSERT INTO entities
SELECT 'E' || LPAD(CAST(i AS STRING), 2, '0'),
       ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove'][ORDINAL(MOD(i - 1, 8) + 1)]
         || ' ' || ['UK', 'Deutschland', 'France', 'Nederland', 'España'][ORDINAL(DIV(i - 1, 8) + 1)],
       ['GB', 'DE', 'FR', 'NL', 'ES'][ORDINAL(DIV(i - 1, 8) + 1)],
       ROUND(NUMERIC '0.6' + CAST(MOD(i * 7919, 97) AS NUMERIC) / 60, 3)
FROM UNNEST(GENERATE_ARRAY(1, 40)) AS i;

CREATE TABLE entity_bu_map (entity_id STRING NOT NULL, bu_id STRING NOT NULL, PRIMARY KEY (entity_id) NOT ENFORCED);
INSERT INTO entity_bu_map
SELECT entity_id, ['IND', 'CON', 'SRV', 'DIG'][ORDINAL(MOD(CAST(SUBSTR(entity_id, 2) AS INT64), 4) + 1)] FROM entities;

CREATE TABLE pl_lines (pl_line_id STRING NOT NULL, name STRING NOT NULL, sort_order INT64 NOT NULL, sign INT64 NOT NULL,
  PRIMARY KEY (pl_line_id) NOT ENFORCED);
INSERT INTO pl_lines VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE accounts (account_id STRING NOT NULL, name STRING NOT NULL, monthly_base NUMERIC(18, 2) NOT NULL, PRIMARY KEY (account_id) NOT ENFORCED);
INSERT INTO accounts VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE account_pl_map (account_id STRING NOT NULL, pl_line_id STRING, PRIMARY KEY (account_id) NOT ENFORCED);
INSERT INTO account_pl_map
SELECT account_id,
       CASE WHEN account_id < '5000' THEN 'REV' WHEN account_id < '6000' THEN 'COGS' WHEN account_id < '7000' THEN 'OPEX'
            WHEN account_id < '8000' THEN 'DA' WHEN account_id = '8000' THEN 'FIN' END
FROM accounts;

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE closed_periods (period DATE NOT NULL, note STRING(200), PRIMARY KEY (period) NOT ENFORCED);
