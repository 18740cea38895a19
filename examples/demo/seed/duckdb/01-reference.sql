-- Reference data for the planning demo: countries, business units, 40 entities,
-- a chart of accounts, P&L lines and the two mapping tables.
CREATE TABLE countries (country_code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL);
INSERT INTO countries VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE business_units (bu_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL);
INSERT INTO business_units VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE entities (
  entity_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  country_code VARCHAR NOT NULL,
  size_factor DECIMAL(6,3) NOT NULL
);
INSERT INTO entities
SELECT printf('E%02d', i),
       (['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove'])[((i - 1) % 8) + 1]
         || ' ' || (['UK', 'Deutschland', 'France', 'Nederland', 'España'])[((i - 1) // 8) + 1],
       (['GB', 'DE', 'FR', 'NL', 'ES'])[((i - 1) // 8) + 1],
       0.6 + ((i * 7919) % 97) / 60.0
FROM range(1, 41) r(i);

CREATE TABLE entity_bu_map (entity_id VARCHAR PRIMARY KEY, bu_id VARCHAR NOT NULL);
INSERT INTO entity_bu_map SELECT entity_id, (['IND', 'CON', 'SRV', 'DIG'])[(CAST(substr(entity_id, 2) AS INTEGER) % 4) + 1] FROM entities;

CREATE TABLE pl_lines (pl_line_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, sort_order INTEGER NOT NULL, sign INTEGER NOT NULL);
INSERT INTO pl_lines VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE accounts (account_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, monthly_base DECIMAL(18,2) NOT NULL);
INSERT INTO accounts VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE account_pl_map (account_id VARCHAR PRIMARY KEY, pl_line_id VARCHAR);
INSERT INTO account_pl_map
SELECT account_id,
       CASE WHEN account_id < '5000' THEN 'REV' WHEN account_id < '6000' THEN 'COGS' WHEN account_id < '7000' THEN 'OPEX'
            WHEN account_id < '8000' THEN 'DA' WHEN account_id = '8000' THEN 'FIN' END
FROM accounts;

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE closed_periods (period DATE PRIMARY KEY, note VARCHAR(200));
