-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (ClickHouse). Same integer hashing and the same Float64
-- arithmetic as the DuckDB seed, so both warehouses hold the same figures.
CREATE TABLE journal_lines (
  journal_id Int64 NOT NULL,
  entity_id String NOT NULL,
  account_id String NOT NULL,
  period Date NOT NULL,
  posted_on Date NOT NULL,
  amount Decimal(18,2) NOT NULL
)
ENGINE = MergeTree ORDER BY (entity_id, account_id, period, journal_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
-- The amount is computed in Float64 as DuckDB does; DuckDB's cast to DECIMAL(18,2)
-- rounds x * 100 half away from zero (ClickHouse's would truncate), so round the cents here.
INSERT INTO journal_lines
SELECT journal_id, entity_id, account_id, period, posted_on,
       toDecimal64(toInt64(floor(x) + (x - floor(x) >= 0.5)), 2) / 100
FROM (
  SELECT toInt64(cell_id * 100 + l.number) AS journal_id,
         entity_id, account_id, period,
         period + toInt32((cell_id * 31 + l.number * 17) % 28) AS posted_on,
         toFloat64(monthly_base * size_factor) / 65.0
           * (0.55 + ((toInt64(cell_id) * 2654435761 + l.number * 40503) % 1000) / 1111.0)
           * (1 + 0.08 * sin(month_index / 1.9)) * 100 AS x
  FROM (
    SELECT e.entity_id AS entity_id, e.size_factor AS size_factor, a.account_id AS account_id, a.monthly_base AS monthly_base,
           m.number AS month_index,
           addMonths(toDate('2025-01-01'), m.number) AS period,
           row_number() OVER (ORDER BY e.entity_id, a.account_id, m.number) AS cell_id
    FROM entities AS e CROSS JOIN accounts AS a CROSS JOIN numbers(24) AS m
  ) AS cells
  CROSS JOIN numbers(65) AS l
);

CREATE TABLE budget_lines (
  -- No sequences here: Roundtrip numbers new rows from this DEFAULT on, after the largest existing line_id.
  line_id Int32 NOT NULL DEFAULT 2000001,
  entity_id String NOT NULL,
  account_id String NOT NULL,
  period Date NOT NULL,
  amount Decimal(18,2) NOT NULL,
  comment String
)
ENGINE = MergeTree ORDER BY (line_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
-- round(x, -2) as DuckDB does it on Float64: x / 100 rounded half away from zero, times 100
-- (ClickHouse's round on Float64 rounds half to even).
INSERT INTO budget_lines
SELECT line_id, entity_id, account_id, period,
       toDecimal64(toInt64(floor(x) + (x - floor(x) >= 0.5)) * 100, 2),
       NULL
FROM (
  SELECT toInt32(row_number() OVER (ORDER BY e.entity_id, a.account_id, m.number)) AS line_id,
         e.entity_id AS entity_id, a.account_id AS account_id,
         addMonths(toDate('2025-01-01'), m.number) AS period,
         toInt64(substring(e.entity_id, 2)) * 1000 + toInt64(a.account_id) + toInt64(m.number) * 7 AS hash_seed,
         toFloat64(a.monthly_base * e.size_factor) * (0.92 + ((hash_seed * 48271) % 160) / 1000.0) / 100 AS x
  FROM entities AS e CROSS JOIN accounts AS a CROSS JOIN numbers(24) AS m
);
