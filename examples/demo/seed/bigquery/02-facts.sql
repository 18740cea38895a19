-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (BigQuery). Same integer hashing and the same FLOAT64
-- arithmetic as the DuckDB seed, so both warehouses hold the same figures.
CREATE TABLE journal_lines (
  journal_id INT64 NOT NULL,
  entity_id STRING NOT NULL,
  account_id STRING NOT NULL,
  period DATE NOT NULL,
  posted_on DATE NOT NULL,
  amount NUMERIC(18, 2) NOT NULL
);
-- The amount is computed in FLOAT64 as DuckDB does (it divides decimals in double);
-- DuckDB's cast to DECIMAL(18,2) rounds x * 100 half away from zero: FLOOR plus the
-- comparison does that exactly, then the cents are divided in NUMERIC.
INSERT INTO journal_lines
SELECT journal_id, entity_id, account_id, period, posted_on,
       CAST(CAST(FLOOR(x) + IF(x - FLOOR(x) >= 0.5, 1, 0) AS INT64) AS NUMERIC) / 100
FROM (
  SELECT c.cell_id * 100 + line_no AS journal_id,
         c.entity_id, c.account_id, c.period,
         DATE_ADD(c.period, INTERVAL MOD(c.cell_id * 31 + line_no * 17, 28) DAY) AS posted_on,
         CAST(c.monthly_base * c.size_factor AS FLOAT64) / 65.0
           * (0.55 + MOD(c.cell_id * 2654435761 + line_no * 40503, 1000) / 1111.0)
           * (1 + 0.08 * SIN(c.month_index / 1.9)) * 100 AS x
  FROM (
    SELECT e.entity_id, e.size_factor, a.account_id, a.monthly_base, month_index,
           DATE_ADD(DATE '2025-01-01', INTERVAL month_index MONTH) AS period,
           ROW_NUMBER() OVER (ORDER BY e.entity_id, a.account_id, month_index) AS cell_id
    FROM entities AS e
    CROSS JOIN accounts AS a
    CROSS JOIN UNNEST(GENERATE_ARRAY(0, 23)) AS month_index
  ) AS c
  CROSS JOIN UNNEST(GENERATE_ARRAY(0, 64)) AS line_no
) AS lines;

-- No sequences in BigQuery (and no RETURNING to read a generated key back): Roundtrip
-- numbers new lines from this constant DEFAULT on, after the largest line_id (as on ClickHouse).
CREATE TABLE budget_lines (
  line_id INT64 DEFAULT 2000001 NOT NULL,
  entity_id STRING NOT NULL,
  account_id STRING NOT NULL,
  period DATE NOT NULL,
  amount NUMERIC(18, 2) NOT NULL,
  comment STRING,
  PRIMARY KEY (line_id) NOT ENFORCED
);
-- round(x, -2) as DuckDB does it on a double: x / 100 rounded half away from zero, times 100.
INSERT INTO budget_lines
SELECT line_id, entity_id, account_id, period,
       CAST(CAST(FLOOR(x) + IF(x - FLOOR(x) >= 0.5, 1, 0) AS INT64) * 100 AS NUMERIC),
       NULL
FROM (
  SELECT ROW_NUMBER() OVER (ORDER BY e.entity_id, a.account_id, month_index) AS line_id,
         e.entity_id, a.account_id,
         DATE_ADD(DATE '2025-01-01', INTERVAL month_index MONTH) AS period,
         CAST(a.monthly_base * e.size_factor AS FLOAT64)
           * (0.92 + MOD((CAST(SUBSTR(e.entity_id, 2) AS INT64) * 1000 + CAST(a.account_id AS INT64) + month_index * 7) * 48271, 160) / 1000.0)
           / 100 AS x
  FROM entities AS e
  CROSS JOIN accounts AS a
  CROSS JOIN UNNEST(GENERATE_ARRAY(0, 23)) AS month_index
) AS budget;
