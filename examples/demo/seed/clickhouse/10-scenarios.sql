-- Scenario modelling (ClickHouse): an electric-vehicle market (models,
-- registrations by month), the analysts' what-if vehicles and the plan they
-- promote to. Same tables and rows as seed/common/10-scenarios.sql.
CREATE TABLE ev_models (
  model_id Int32 NOT NULL,
  maker String NOT NULL,
  model String NOT NULL,
  segment String NOT NULL,
  price Int32 NOT NULL,
  range_km Int32 NOT NULL,
  battery_kwh Int32 NOT NULL,
  lease_monthly Int32 NOT NULL,
  lease_months Int32 NOT NULL
)
ENGINE = MergeTree ORDER BY (model_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO ev_models
SELECT i, 'Maker ' || toString(1 + intDiv(i - 1, 4)), 'Model ' || toString(i),
       CASE i % 3 WHEN 0 THEN 'compact' WHEN 1 THEN 'midsize' ELSE 'suv' END,
       25000 + (i * 1373) % 40000, 250 + (i * 37) % 400, 40 + (i * 7) % 60,
       250 + (i * 53) % 500, 36
FROM (SELECT number + 1 AS i FROM numbers(40));

CREATE TABLE ev_registrations (model_id Int32 NOT NULL, month_no Int32 NOT NULL, registrations Int32 NOT NULL)
ENGINE = MergeTree ORDER BY (model_id, month_no)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO ev_registrations
SELECT a.number + 1 AS m, b.number + 1 AS n, 100 + (m * 97 + n * 31) % 900 FROM numbers(40) AS a CROSS JOIN numbers(24) AS b;

CREATE TABLE scenarios (
  -- No sequences here: Roundtrip numbers new scenarios from this DEFAULT on, after the largest existing scenario_id.
  scenario_id Int32 NOT NULL DEFAULT 100,
  owner String NOT NULL,
  name String NOT NULL,
  segment String NOT NULL,
  price Int32 NOT NULL,
  range_km Int32 NOT NULL,
  battery_kwh Int32 NOT NULL,
  lease_monthly Int32 NOT NULL,
  lease_months Int32 NOT NULL,
  status String NOT NULL
)
ENGINE = MergeTree ORDER BY (scenario_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO scenarios VALUES
  (1, 'analyst', 'Base case', 'midsize', 42000, 450, 75, 450, 36, 'draft'),
  (2, 'analyst', 'Aggressive price', 'midsize', 36000, 450, 75, 390, 36, 'draft');

-- The product plan a scenario is promoted to, through approval.
CREATE TABLE plan_vehicles (scenario_id Int32 NOT NULL, name String NOT NULL, segment String NOT NULL, price Int32 NOT NULL,
  range_km Int32 NOT NULL, battery_kwh Int32 NOT NULL, lease_monthly Int32 NOT NULL, promoted_by String NOT NULL)
ENGINE = MergeTree ORDER BY (scenario_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
