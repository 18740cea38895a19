-- Reference data for the planning demo (SQL Server 2017 and later): countries,
-- business units, 40 entities, a chart of accounts, P&L lines and the two
-- mapping tables. Same tables, columns and rows as seed/postgres/01-reference.sql,
-- in the login's default schema. Keys and the codes that refer to them are
-- NVARCHAR(50) (an index key needs a bounded length); other text NVARCHAR(MAX).
-- Rows come from cross joins of a VALUES list of digits (GENERATE_SERIES is 2022
-- only); `/` between integers divides as integers, as in PostgreSQL.
CREATE TABLE countries (country_code NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO countries VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE business_units (bu_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO business_units VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE entities (
  entity_id NVARCHAR(50) NOT NULL PRIMARY KEY,
  name NVARCHAR(MAX) NOT NULL,
  country_code NVARCHAR(50) NOT NULL,
  size_factor DECIMAL(6,3) NOT NULL
);
-- PostgreSQL's arrays become CHOOSE (1-based like them). size_factor: INT / DECIMAL(3,1)
-- keeps six places; k / 60 never ends in a half at the third, so ROUND agrees with
-- every engine.
INSERT INTO entities
SELECT CONCAT('E', RIGHT(CONCAT('00', i), 2)),
       CONCAT(CHOOSE((i - 1) % 8 + 1, 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove'),
              ' ', CHOOSE((i - 1) / 8 + 1, N'UK', N'Deutschland', N'France', N'Nederland', N'España')),
       CHOOSE((i - 1) / 8 + 1, 'GB', 'DE', 'FR', 'NL', 'ES'),
       ROUND(0.6 + ((i * 7919) % 97) / 60.0, 3)
FROM (
  SELECT t.n * 10 + u.n + 1 AS i
  FROM (VALUES (0), (1), (2), (3)) AS t(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS u(n)
) AS r;

CREATE TABLE entity_bu_map (entity_id NVARCHAR(50) NOT NULL PRIMARY KEY, bu_id NVARCHAR(50) NOT NULL);
INSERT INTO entity_bu_map SELECT entity_id, CHOOSE(CAST(SUBSTRING(entity_id, 2, 10) AS INT) % 4 + 1, 'IND', 'CON', 'SRV', 'DIG') FROM entities;

CREATE TABLE pl_lines (pl_line_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL, sort_order INT NOT NULL, sign INT NOT NULL);
INSERT INTO pl_lines VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE accounts (account_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL, monthly_base DECIMAL(18,2) NOT NULL);
INSERT INTO accounts VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE account_pl_map (account_id NVARCHAR(50) NOT NULL PRIMARY KEY, pl_line_id NVARCHAR(50));
INSERT INTO account_pl_map
SELECT account_id,
       CASE WHEN account_id < '5000' THEN 'REV' WHEN account_id < '6000' THEN 'COGS' WHEN account_id < '7000' THEN 'OPEX'
            WHEN account_id < '8000' THEN 'DA' WHEN account_id = '8000' THEN 'FIN' END
FROM accounts;

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE closed_periods (period DATE NOT NULL PRIMARY KEY, note NVARCHAR(200));
