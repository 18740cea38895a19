-- Scenario modelling (SQL Server): an electric-vehicle market (models,
-- registrations by month), the analysts' what-if vehicles and the plan they
-- promote to. Same tables and rows as seed/common/10-scenarios.sql. Rows come
-- from cross joins of a VALUES list of digits; `/` between integers divides as
-- integers.
CREATE TABLE ev_models (
  model_id INT NOT NULL PRIMARY KEY,
  maker NVARCHAR(MAX) NOT NULL,
  model NVARCHAR(MAX) NOT NULL,
  segment NVARCHAR(MAX) NOT NULL,
  price INT NOT NULL,
  range_km INT NOT NULL,
  battery_kwh INT NOT NULL,
  lease_monthly INT NOT NULL,
  lease_months INT NOT NULL
);
INSERT INTO ev_models
SELECT i, CONCAT('Maker ', 1 + (i - 1) / 4), CONCAT('Model ', i),
       CASE i % 3 WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + (i * 1373) % 40000, 250 + (i * 37) % 400, 40 + (i * 7) % 60,
       250 + (i * 53) % 500, 36
FROM (
  SELECT t.n * 10 + u.n + 1 AS i
  FROM (VALUES (0), (1), (2), (3)) AS t(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS u(n)
) AS models;

CREATE TABLE ev_registrations (model_id INT NOT NULL, month_no INT NOT NULL, registrations INT NOT NULL,
  PRIMARY KEY (model_id, month_no));
WITH digits AS (
  SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(n)
), numbers AS (
  SELECT t.n * 10 + u.n + 1 AS k FROM digits AS t CROSS JOIN digits AS u WHERE t.n < 4
)
INSERT INTO ev_registrations
SELECT a.k, b.k, 100 + (a.k * 97 + b.k * 31) % 900
FROM numbers AS a
CROSS JOIN numbers AS b
WHERE b.k <= 24;

-- The driver cannot read back a generated key (no RETURNING): Roundtrip numbers new
-- scenarios (a copy saved under a new name) after the largest scenario_id, starting
-- from this DEFAULT.
CREATE TABLE scenarios (
  scenario_id INT NOT NULL DEFAULT 100 PRIMARY KEY,
  owner NVARCHAR(MAX) NOT NULL,
  name NVARCHAR(MAX) NOT NULL,
  segment NVARCHAR(MAX) NOT NULL,
  price INT NOT NULL,
  range_km INT NOT NULL,
  battery_kwh INT NOT NULL,
  lease_monthly INT NOT NULL,
  lease_months INT NOT NULL,
  status NVARCHAR(MAX) NOT NULL
);
INSERT INTO scenarios VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE plan_vehicles (scenario_id INT NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL, segment NVARCHAR(MAX) NOT NULL, price INT NOT NULL,
  range_km INT NOT NULL, battery_kwh INT NOT NULL, lease_monthly INT NOT NULL, promoted_by NVARCHAR(MAX) NOT NULL);
