-- Scenario modelling (Databricks): an electric-vehicle market (models,
-- registrations by month), the analysts' what-if vehicles and the plan they
-- promote to. Same tables and rows as seed/common/10-scenarios.sql; Delta
-- tables with informational primary keys (Unity Catalog).
CREATE TABLE ev_models (
  model_id INT NOT NULL,
  maker STRING NOT NULL,
  model STRING NOT NULL,
  segment STRING NOT NULL,
  price INT NOT NULL,
  range_km INT NOT NULL,
  battery_kwh INT NOT NULL,
  lease_monthly INT NOT NULL,
  lease_months INT NOT NULL,
  CONSTRAINT ev_models_pk PRIMARY KEY (model_id)
);
-- Four models per maker: DIV is integer division.
INSERT INTO ev_models
SELECT i, 'Maker ' || CAST(1 + (i - 1) DIV 4 AS STRING), 'Model ' || CAST(i AS STRING),
       CASE i % 3 WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + (i * 1373) % 40000, 250 + (i * 37) % 400, 40 + (i * 7) % 60,
       250 + (i * 53) % 500, 36
FROM (SELECT explode(sequence(1, 40)) AS i) AS t;

CREATE TABLE ev_registrations (model_id INT NOT NULL, month_no INT NOT NULL, registrations INT NOT NULL,
  CONSTRAINT ev_registrations_pk PRIMARY KEY (model_id, month_no));
INSERT INTO ev_registrations
SELECT m, n, 100 + (m * 97 + n * 31) % 900
FROM (SELECT explode(sequence(1, 40)) AS m) AS a
CROSS JOIN (SELECT explode(sequence(1, 24)) AS n) AS b;

-- The driver cannot read back a generated key (no RETURNING): Roundtrip numbers new
-- scenarios (a copy saved under a new name) after the largest scenario_id, starting
-- from this DEFAULT (a Delta column default needs the allowColumnDefaults table feature).
CREATE TABLE scenarios (
  scenario_id INT NOT NULL DEFAULT 100,
  owner STRING NOT NULL,
  name STRING NOT NULL,
  segment STRING NOT NULL,
  price INT NOT NULL,
  range_km INT NOT NULL,
  battery_kwh INT NOT NULL,
  lease_monthly INT NOT NULL,
  lease_months INT NOT NULL,
  status STRING NOT NULL,
  CONSTRAINT scenarios_pk PRIMARY KEY (scenario_id)
) TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported');
INSERT INTO scenarios VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE plan_vehicles (scenario_id INT NOT NULL, name STRING NOT NULL, segment STRING NOT NULL, price INT NOT NULL,
  range_km INT NOT NULL, battery_kwh INT NOT NULL, lease_monthly INT NOT NULL, promoted_by STRING NOT NULL,
  CONSTRAINT plan_vehicles_pk PRIMARY KEY (scenario_id));
