-- Reference data for the planning demo (Snowflake): countries, business units,
-- 40 entities, a chart of accounts, P&L lines and the two mapping tables.
-- Same tables, columns and rows as seed/postgres/01-reference.sql. Names are
-- quoted lower case: Roundtrip quotes every name it writes (unquoted names
-- would be stored upper case). Keys are recorded, not enforced.
CREATE TABLE "countries" ("country_code" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, PRIMARY KEY ("country_code"));
INSERT INTO "countries" VALUES ('GB', 'United Kingdom'), ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands'), ('ES', 'Spain');

CREATE TABLE "business_units" ("bu_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, PRIMARY KEY ("bu_id"));
INSERT INTO "business_units" VALUES ('IND', 'Industrial'), ('CON', 'Consumer'), ('SRV', 'Services'), ('DIG', 'Digital');

CREATE TABLE "entities" (
  "entity_id" VARCHAR NOT NULL,
  "name" VARCHAR NOT NULL,
  "country_code" VARCHAR NOT NULL,
  "size_factor" DECIMAL(6,3) NOT NULL,
  PRIMARY KEY ("entity_id")
);
-- GET indexes arrays from 0 (PostgreSQL's [] from 1); `/` gives a decimal here, so
-- FLOOR is PostgreSQL's integer division. 0.6 + k / 60 never ends in a half
-- thousandth, so rounding it to 3 places is exact whatever the arithmetic.
INSERT INTO "entities"
SELECT 'E' || LPAD(CAST(i AS VARCHAR), 2, '0'),
       GET(ARRAY_CONSTRUCT('Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum', 'Proseware', 'Woodgrove'), (i - 1) % 8)::VARCHAR
         || ' ' || GET(ARRAY_CONSTRUCT('UK', 'Deutschland', 'France', 'Nederland', 'España'), CAST(FLOOR((i - 1) / 8) AS INTEGER))::VARCHAR,
       GET(ARRAY_CONSTRUCT('GB', 'DE', 'FR', 'NL', 'ES'), CAST(FLOOR((i - 1) / 8) AS INTEGER))::VARCHAR,
       CAST(ROUND(0.6 + ((i * 7919) % 97) / 60, 3) AS DECIMAL(6,3))
FROM (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS i FROM TABLE(GENERATOR(ROWCOUNT => 40))) AS r;

CREATE TABLE "entity_bu_map" ("entity_id" VARCHAR NOT NULL, "bu_id" VARCHAR NOT NULL, PRIMARY KEY ("entity_id"));
INSERT INTO "entity_bu_map"
SELECT "entity_id", GET(ARRAY_CONSTRUCT('IND', 'CON', 'SRV', 'DIG'), CAST(SUBSTR("entity_id", 2) AS INTEGER) % 4)::VARCHAR FROM "entities";

CREATE TABLE "pl_lines" ("pl_line_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "sort_order" INTEGER NOT NULL, "sign" INTEGER NOT NULL,
  PRIMARY KEY ("pl_line_id"));
INSERT INTO "pl_lines" VALUES
  ('REV', 'Revenue', 10, 1), ('COGS', 'Cost of sales', 20, -1), ('OPEX', 'Operating expenses', 30, -1),
  ('DA', 'Depreciation and amortisation', 40, -1), ('FIN', 'Finance costs', 50, -1);

CREATE TABLE "accounts" ("account_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "monthly_base" DECIMAL(18,2) NOT NULL, PRIMARY KEY ("account_id"));
INSERT INTO "accounts" VALUES
  ('4000', 'Product revenue', 420000), ('4100', 'Service revenue', 180000), ('4200', 'Licence revenue', 60000), ('4300', 'Other income', 9000),
  ('5000', 'Materials', 150000), ('5100', 'Freight', 22000), ('5200', 'Direct labour', 90000),
  ('6000', 'Salaries', 140000), ('6100', 'Social charges', 32000), ('6200', 'Rent', 25000), ('6300', 'Utilities', 8000),
  ('6400', 'Travel', 9500), ('6500', 'Marketing', 21000), ('6600', 'IT and software', 16000), ('6700', 'Professional fees', 11000),
  ('6800', 'Insurance', 4000), ('6900', 'Training', 3000), ('7000', 'Depreciation', 18000), ('8000', 'Interest', 6000),
  ('8100', 'FX gains and losses', 2500);

-- Account 8100 is deliberately left unmapped: the mapping page shows it flagged.
CREATE TABLE "account_pl_map" ("account_id" VARCHAR NOT NULL, "pl_line_id" VARCHAR, PRIMARY KEY ("account_id"));
INSERT INTO "account_pl_map"
SELECT "account_id",
       CASE WHEN "account_id" < '5000' THEN 'REV' WHEN "account_id" < '6000' THEN 'COGS' WHEN "account_id" < '7000' THEN 'OPEX'
            WHEN "account_id" < '8000' THEN 'DA' WHEN "account_id" = '8000' THEN 'FIN' END
FROM "accounts";

-- Months closed for planning: budget lines of these periods are locked (tables.budget_lines.locks).
CREATE TABLE "closed_periods" ("period" DATE NOT NULL, "note" VARCHAR(200), PRIMARY KEY ("period"));
