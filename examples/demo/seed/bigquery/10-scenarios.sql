-- Scenario modelling (BigQuery): an electric-vehicle market (models,
-- registrations by month), the analysts' what-if vehicles and the plan they
-- promote to. Same tables and rows as seed/common/10-scenarios.sql.
CREATE TABLE ev_models (
  model_id INT64 NOT NULL,
  maker STRING NOT NULL,
  model STRING NOT NULL,
  segment STRING NOT NULL,
  price INT64 NOT NULL,
  range_km INT64 NOT NULL,
  battery_kwh INT64 NOT NULL,
  lease_monthly INT64 NOT NULL,
  lease_months INT64 NOT NULL,
  PRIMARY KEY (model_id) NOT ENFORCED
);
-- DIV is PostgreSQL's integer division ((i - 1 - (i - 1) % 4) / 4 there); MOD its `%`.
INSERT INTO ev_models
SELECT i, 'Maker ' || CAST(1 + DIV(i - 1, 4) AS STRING), 'Model ' || CAST(i AS STRING),
       CASE MOD(i, 3) WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + MOD(i * 1373, 40000), 250 + MOD(i * 37, 400), 40 + MOD(i * 7, 60),
       250 + MOD(i * 53, 500), 36
FROM UNNEST(GENERATE_ARRAY(1, 40)) AS i;

CREATE TABLE ev_registrations (model_id INT64 NOT NULL, month_no INT64 NOT NULL, registrations INT64 NOT NULL,
  PRIMARY KEY (model_id, month_no) NOT ENFORCED);
INSERT INTO ev_registrations
SELECT m, n, 100 + MOD(m * 97 + n * 31, 900) FROM UNNEST(GENERATE_ARRAY(1, 40)) AS m CROSS JOIN UNNEST(GENERATE_ARRAY(1, 24)) AS n;

-- No sequences in BigQuery (and no RETURNING to read a generated key back): Roundtrip
-- numbers new scenarios from this constant DEFAULT on, after the largest scenario_id (as on ClickHouse).
CREATE TABLE scenarios (
  scenario_id INT64 DEFAULT 100 NOT NULL,
  owner STRING NOT NULL,
  name STRING NOT NULL,
  segment STRING NOT NULL,
  price INT64 NOT NULL,
  range_km INT64 NOT NULL,
  battery_kwh INT64 NOT NULL,
  lease_monthly INT64 NOT NULL,
  lease_months INT64 NOT NULL,
  status STRING NOT NULL,
  PRIMARY KEY (scenario_id) NOT ENFORCED
);
INSERT INTO scenarios VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE plan_vehicles (scenario_id INT64 NOT NULL, name STRING NOT NULL, segment STRING NOT NULL, price INT64 NOT NULL,
  range_km INT64 NOT NULL, battery_kwh INT64 NOT NULL, lease_monthly INT64 NOT NULL, promoted_by STRING NOT NULL,
  PRIMARY KEY (scenario_id) NOT ENFORCED);
