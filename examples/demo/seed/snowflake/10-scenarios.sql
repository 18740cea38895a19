-- Scenario modelling (Snowflake): an electric-vehicle market (models,
-- registrations by month), the analysts' what-if vehicles and the plan they
-- promote to. Same tables and rows as seed/common/10-scenarios.sql; names are
-- quoted lower case, as Roundtrip writes them.
CREATE TABLE "ev_models" (
  "model_id" INTEGER NOT NULL,
  "maker" VARCHAR NOT NULL,
  "model" VARCHAR NOT NULL,
  "segment" VARCHAR NOT NULL,
  "price" INTEGER NOT NULL,
  "range_km" INTEGER NOT NULL,
  "battery_kwh" INTEGER NOT NULL,
  "lease_monthly" INTEGER NOT NULL,
  "lease_months" INTEGER NOT NULL,
  PRIMARY KEY ("model_id")
);
-- (i - 1 - (i - 1) % 4) / 4 divides exactly; the cast to INTEGER drops the decimal
-- places Snowflake's `/` gives it, so the maker reads `Maker 3`, not `Maker 3.000000`.
INSERT INTO "ev_models"
SELECT i, 'Maker ' || CAST(CAST(1 + ((i - 1) - (i - 1) % 4) / 4 AS INTEGER) AS VARCHAR), 'Model ' || CAST(i AS VARCHAR),
       CASE i % 3 WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + (i * 1373) % 40000, 250 + (i * 37) % 400, 40 + (i * 7) % 60,
       250 + (i * 53) % 500, 36
FROM (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS i FROM TABLE(GENERATOR(ROWCOUNT => 40))) AS t;

CREATE TABLE "ev_registrations" ("model_id" INTEGER NOT NULL, "month_no" INTEGER NOT NULL, "registrations" INTEGER NOT NULL,
  PRIMARY KEY ("model_id", "month_no"));
INSERT INTO "ev_registrations"
SELECT a.m, b.n, 100 + (a.m * 97 + b.n * 31) % 900
FROM (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS m FROM TABLE(GENERATOR(ROWCOUNT => 40))) AS a
CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS n FROM TABLE(GENERATOR(ROWCOUNT => 24))) AS b;

-- No sequence behind scenario_id: Roundtrip cannot read back a key Snowflake generates
-- (no RETURNING), so it numbers new scenarios from this constant DEFAULT on, after the
-- largest scenario_id (as on ClickHouse).
CREATE TABLE "scenarios" (
  "scenario_id" INTEGER DEFAULT 100 NOT NULL,
  "owner" VARCHAR NOT NULL,
  "name" VARCHAR NOT NULL,
  "segment" VARCHAR NOT NULL,
  "price" INTEGER NOT NULL,
  "range_km" INTEGER NOT NULL,
  "battery_kwh" INTEGER NOT NULL,
  "lease_monthly" INTEGER NOT NULL,
  "lease_months" INTEGER NOT NULL,
  "status" VARCHAR NOT NULL,
  PRIMARY KEY ("scenario_id")
);
INSERT INTO "scenarios" VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE "plan_vehicles" ("scenario_id" INTEGER NOT NULL, "name" VARCHAR NOT NULL, "segment" VARCHAR NOT NULL, "price" INTEGER NOT NULL,
  "range_km" INTEGER NOT NULL, "battery_kwh" INTEGER NOT NULL, "lease_monthly" INTEGER NOT NULL, "promoted_by" VARCHAR NOT NULL,
  PRIMARY KEY ("scenario_id"));
