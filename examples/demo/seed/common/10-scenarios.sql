-- Scenario modelling: an electric-vehicle market (models, registrations by
-- month), the analysts' what-if vehicles and the plan they promote to.
-- Portable SQL: the same script seeds DuckDB and PostgreSQL.
CREATE TABLE ev_models (
  model_id INTEGER PRIMARY KEY,
  maker VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  segment VARCHAR NOT NULL,
  price INTEGER NOT NULL,
  range_km INTEGER NOT NULL,
  battery_kwh INTEGER NOT NULL,
  lease_monthly INTEGER NOT NULL,
  lease_months INTEGER NOT NULL
);
INSERT INTO ev_models
SELECT i, 'Maker ' || CAST(CAST(1 + ((i - 1) - (i - 1) % 4) / 4 AS INTEGER) AS VARCHAR), 'Model ' || CAST(i AS VARCHAR),
       CASE i % 3 WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + (i * 1373) % 40000, 250 + (i * 37) % 400, 40 + (i * 7) % 60,
       250 + (i * 53) % 500, 36
FROM generate_series(1, 40) AS t(i);

CREATE TABLE ev_registrations (model_id INTEGER NOT NULL, month_no INTEGER NOT NULL, registrations INTEGER NOT NULL,
  PRIMARY KEY (model_id, month_no));
INSERT INTO ev_registrations
SELECT m, n, 100 + (m * 97 + n * 31) % 900 FROM generate_series(1, 40) AS a(m), generate_series(1, 24) AS b(n);

-- New scenarios (a copy saved under a new name) get their id from the sequence.
CREATE SEQUENCE scenario_ids START 100;
CREATE TABLE scenarios (
  scenario_id INTEGER PRIMARY KEY DEFAULT nextval('scenario_ids'),
  owner VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  segment VARCHAR NOT NULL,
  price INTEGER NOT NULL,
  range_km INTEGER NOT NULL,
  battery_kwh INTEGER NOT NULL,
  lease_monthly INTEGER NOT NULL,
  lease_months INTEGER NOT NULL,
  status VARCHAR NOT NULL
);
INSERT INTO scenarios VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE plan_vehicles (scenario_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, segment VARCHAR NOT NULL, price INTEGER NOT NULL,
  range_km INTEGER NOT NULL, battery_kwh INTEGER NOT NULL, lease_monthly INTEGER NOT NULL, promoted_by VARCHAR NOT NULL);
