-- Reference data for the planning demo (Databricks): countries, business units,
-- 40 entities, a chart of accounts, P&L lines and the two mapping tables.
-- Same tables, columns and rows as seed/postgres/01-reference.sql. Delta tables
-- (the default format) in the session's catalog and schema; primary keys are
-- Unity Catalog's informational constraints (not enforced), on NOT NULL columns.
-- Arrays are indexed from 0 with `[ ]` here (PostgreSQL's from 1, by an INT);
-- `DIV` is integer division giving a BIGINT (`/` always divides as a fraction).
CREATE TABLE countries (country_code STRING NOT NULL, name STRING NOT NULL, CONSTRAINT countries_pk PRIMARY KEY (country_code));
INSERT INTO countries VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE business_units (bu_id STRING NOT NULL, name STRING NOT NULL, CONSTRAINT business_units_pk PRIMARY KEY (bu_id));
INSERT INTO business_units VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE entities (
  entity_id STRING NOT NULL,
  name STRING NOT NULL,
  country_code STRING NOT NULL,
  size_factor DECIMAL(6,3) NOT NULL,
  CONSTRAINT entities_pk PRIMARY KEY (entity_id)
);
-- size_factor: INT / DECIMAL(3,1) divides as DECIMAL(17,6), rounded half up; the cast
-- rounds it to three places (k / 60 never ends in a half there, so every engine agrees).
INSERT INTO entities
SELECT 'E' || lpad(CAST(i AS STRING), 2, '0'),
       array('Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove')[(i - 1) % 8]
         || ' ' || array('UK', 'Deutschland', 'France', 'Nederland', 'España')[CAST((i - 1) DIV 8 AS INT)],
       array('GB', 'DE', 'FR', 'NL', 'ES')[CAST((i - 1) DIV 8 AS INT)],
       CAST(0.6 + ((i * 7919) % 97) / 60.0 AS DECIMAL(6,3))
FROM (SELECT explode(sequence(1, 40)) AS i) AS r;

CREATE TABLE entity_bu_map (entity_id STRING NOT NULL, bu_id STRING NOT NULL, CONSTRAINT entity_bu_map_pk PRIMARY KEY (entity_id));
INSERT INTO entity_bu_map SELECT entity_id, array('IND', 'CON', 'SRV', 'DIG')[CAST(substr(entity_id, 2) AS INT) % 4] FROM entities;

CREATE TABLE pl_lines (pl_line_id STRING NOT NULL, name STRING NOT NULL, sort_order INT NOT NULL, sign INT NOT NULL, CONSTRAINT pl_lines_pk PRIMARY KEY (pl_line_id));
INSERT INTO pl_lines VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE accounts (account_id STRING NOT NULL, name STRING NOT NULL, monthly_base DECIMAL(18,2) NOT NULL, CONSTRAINT accounts_pk PRIMARY KEY (account_id));
INSERT INTO accounts VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE account_pl_map (account_id STRING NOT NULL, pl_line_id STRING, CONSTRAINT account_pl_map_pk PRIMARY KEY (account_id));
INSERT INTO account_pl_map
SELECT account_id,
       CASE WHEN account_id < '5000' THEN 'REV' WHEN account_id < '6000' THEN 'COGS' WHEN account_id < '7000' THEN 'OPEX'
            WHEN account_id < '8000' THEN 'DA' WHEN account_id = '8000' THEN 'FIN' END
FROM accounts;

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE closed_periods (period DATE NOT NULL, note VARCHAR(200), CONSTRAINT closed_periods_pk PRIMARY KEY (period));
