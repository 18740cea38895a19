-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (PostgreSQL). Same integer hashing as the DuckDB seed,
-- so both warehouses hold the same figures.
CREATE TABLE journal_lines (
  journal_id BIGINT NOT NULL,
  entity_id VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  period DATE NOT NULL,
  posted_on DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL
);
INSERT INTO journal_lines
WITH cells AS (
  SELECT e.entity_id, e.size_factor, a.account_id, a.monthly_base, m.month_index,
         CAST(DATE '2025-01-01' + make_interval(months => m.month_index) AS DATE) AS period,
         row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS cell_id
  FROM entities e, accounts a, generate_series(0, 23) AS m(month_index)
)
SELECT cell_id * 100 + line_no,
       entity_id, account_id, period,
       period + CAST(((cell_id * 31 + line_no * 17) % 28) AS INTEGER),
       CAST(monthly_base * size_factor / 65.0
            * (0.55 + ((cell_id * 2654435761 + line_no * 40503) % 1000) / 1111.0)
            * (1 + 0.08 * sin(month_index / 1.9)) AS DECIMAL(18,2))
FROM cells, generate_series(0, 64) AS l(line_no);

CREATE TABLE budget_lines (
  line_id INTEGER PRIMARY KEY,
  entity_id VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  period DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  comment VARCHAR
);
INSERT INTO budget_lines
SELECT CAST(row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS INTEGER),
       e.entity_id, a.account_id,
       CAST(DATE '2025-01-01' + make_interval(months => m.month_index) AS DATE),
       round(a.monthly_base * e.size_factor * (0.92 + ((s.hash_seed * 48271) % 160) / 1000.0), -2),
       NULL
FROM entities e, accounts a, generate_series(0, 23) AS m(month_index),
     LATERAL (SELECT CAST(substr(e.entity_id, 2) AS BIGINT) * 1000 + CAST(a.account_id AS BIGINT) + m.month_index * 7 AS hash_seed) s;

ANALYZE;
