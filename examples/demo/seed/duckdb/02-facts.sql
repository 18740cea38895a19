-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account. Values come from integer hashing, so every run produces
-- exactly the same data.
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
         CAST(DATE '2025-01-01' + to_months(CAST(m.month_index AS INTEGER)) AS DATE) AS period,
         row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS cell_id
  FROM entities e, accounts a, range(0, 24) m(month_index)
), lines AS (
  SELECT c.*, l.line_no FROM cells c, range(0, 65) l(line_no)
)
SELECT cell_id * 100 + line_no,
       entity_id, account_id, period,
       period + CAST(((cell_id * 31 + line_no * 17) % 28) AS INTEGER),
       CAST(monthly_base * size_factor / 65.0
            * (0.55 + ((cell_id * 2654435761 + line_no * 40503) % 1000) / 1111.0)
            * (1 + 0.08 * sin(month_index / 1.9)) AS DECIMAL(18,2))
FROM lines;

-- New lines get their number from the sequence (forms leave line_id out).
CREATE SEQUENCE budget_line_ids START 2000001;
CREATE TABLE budget_lines (
  line_id INTEGER PRIMARY KEY DEFAULT nextval('budget_line_ids'),
  entity_id VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  period DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  comment VARCHAR
);
INSERT INTO budget_lines
SELECT CAST(row_number() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS INTEGER),
       e.entity_id, a.account_id,
       CAST(DATE '2025-01-01' + to_months(CAST(m.month_index AS INTEGER)) AS DATE),
       round(a.monthly_base * e.size_factor * (0.92 + ((hash_seed * 48271) % 160) / 1000.0), -2),
       NULL
FROM entities e, accounts a, range(0, 24) m(month_index),
     LATERAL (SELECT CAST(substr(e.entity_id, 2) AS INTEGER) * 1000 + CAST(a.account_id AS INTEGER) + m.month_index * 7 AS hash_seed);
