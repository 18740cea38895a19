-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (Databricks). Same integer hashing as the PostgreSQL and
-- DuckDB seeds and the same DOUBLE arithmetic as DuckDB's, operation for
-- operation, so the warehouses hold the same figures. Literals written `…D`
-- are DOUBLE (an unsuffixed 65.0 would be a DECIMAL and divide as one).
CREATE TABLE journal_lines (
  journal_id BIGINT NOT NULL,
  entity_id STRING NOT NULL,
  account_id STRING NOT NULL,
  period DATE NOT NULL,
  posted_on DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL
);
-- The amount's cents are rounded half up from the DOUBLE (FLOOR(x * 100 + 0.5)), as
-- DuckDB's cast to DECIMAL(18,2) rounds them; one row is an exact half (113.905).
INSERT INTO journal_lines
WITH cells AS (
  SELECT e.entity_id, e.size_factor, a.account_id, a.monthly_base, m.month_index,
         add_months(DATE '2025-01-01', m.month_index) AS period,
         row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS cell_id
  FROM entities AS e
  CROSS JOIN accounts AS a
  CROSS JOIN (SELECT explode(sequence(0, 23)) AS month_index) AS m
)
SELECT CAST(cell_id AS BIGINT) * 100 + line_no,
       entity_id, account_id, period,
       date_add(period, (cell_id * 31 + line_no * 17) % 28),
       CAST(FLOOR(CAST(monthly_base * size_factor AS DOUBLE) / 65D
                  * (0.55D + CAST((CAST(cell_id AS BIGINT) * 2654435761 + line_no * 40503) % 1000 AS DOUBLE) / 1111D)
                  * (1D + 0.08D * sin(CAST(month_index AS DOUBLE) / 1.9D))
                  * 100D + 0.5D) AS DECIMAL(18,0)) * 0.01
FROM cells
CROSS JOIN (SELECT explode(sequence(0, 64)) AS line_no) AS l;

-- The driver cannot read back a generated key (no RETURNING, so no IDENTITY here):
-- Roundtrip numbers new lines after the largest line_id, starting from this DEFAULT
-- (a Delta column default needs the allowColumnDefaults table feature).
CREATE TABLE budget_lines (
  line_id INT NOT NULL DEFAULT 2000001,
  entity_id STRING NOT NULL,
  account_id STRING NOT NULL,
  period DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  comment STRING,
  CONSTRAINT budget_lines_pk PRIMARY KEY (line_id)
) TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported');
-- round(x, -2) as DuckDB computes it on the DOUBLE: x / 100 rounded half up, times 100.
-- Lines 1614 and 16542 are exact halves that the double falls just below: 219400 and
-- 31300 here, in DuckDB and in ClickHouse (PostgreSQL's exact NUMERIC gives 219500 and 31400).
INSERT INTO budget_lines
SELECT CAST(row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS INT),
       e.entity_id, a.account_id,
       add_months(DATE '2025-01-01', m.month_index),
       CAST(FLOOR(CAST(a.monthly_base * e.size_factor AS DOUBLE)
                  * (0.92D + CAST(((CAST(substr(e.entity_id, 2) AS BIGINT) * 1000 + CAST(a.account_id AS BIGINT) + m.month_index * 7) * 48271) % 160 AS DOUBLE) / 1000D)
                  / 100D + 0.5D) * 100 AS DECIMAL(18,2)),
       NULL
FROM entities AS e
CROSS JOIN accounts AS a
CROSS JOIN (SELECT explode(sequence(0, 23)) AS month_index) AS m;
