-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (SQL Server). Same integer hashing as the PostgreSQL and
-- DuckDB seeds and the same double-precision arithmetic as DuckDB's, operation
-- for operation, so the warehouses hold the same figures. Literals written with
-- an exponent (65E0) are FLOAT; 65.0 would be a DECIMAL and divide as one.
CREATE TABLE journal_lines (
  journal_id BIGINT NOT NULL,
  entity_id NVARCHAR(50) NOT NULL,
  account_id NVARCHAR(50) NOT NULL,
  period DATE NOT NULL,
  posted_on DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL
);
-- The amount's cents are rounded half up from the FLOAT (FLOOR(x * 100 + 0.5)), as
-- DuckDB's cast to DECIMAL(18,2) rounds them; one row is an exact half (113.905).
-- 2654435761 is cast: as a bare literal it would be a DECIMAL, not a BIGINT; DATEADD
-- takes an INT, and ROW_NUMBER gives a BIGINT.
WITH digits AS (
  SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(n)
), months AS (
  SELECT t.n * 10 + u.n AS month_index FROM digits AS t CROSS JOIN digits AS u WHERE t.n * 10 + u.n < 24
), lines AS (
  SELECT t.n * 10 + u.n AS line_no FROM digits AS t CROSS JOIN digits AS u WHERE t.n * 10 + u.n < 65
), cells AS (
  SELECT e.entity_id, e.size_factor, a.account_id, a.monthly_base, m.month_index,
         DATEADD(MONTH, m.month_index, CAST('2025-01-01' AS DATE)) AS period,
         ROW_NUMBER() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS cell_id
  FROM entities AS e
  CROSS JOIN accounts AS a
  CROSS JOIN months AS m
)
INSERT INTO journal_lines
SELECT c.cell_id * 100 + l.line_no,
       c.entity_id, c.account_id, c.period,
       DATEADD(DAY, CAST((c.cell_id * 31 + l.line_no * 17) % 28 AS INT), c.period),
       CAST(FLOOR(CAST(c.monthly_base * c.size_factor AS FLOAT) / 65E0
                  * (0.55E0 + CAST((c.cell_id * CAST(2654435761 AS BIGINT) + l.line_no * 40503) % 1000 AS FLOAT) / 1111E0)
                  * (1E0 + 0.08E0 * SIN(CAST(c.month_index AS FLOAT) / 1.9E0))
                  * 100E0 + 0.5E0) AS DECIMAL(18,0)) * 0.01
FROM cells AS c
CROSS JOIN lines AS l;

-- The driver cannot read back a generated key (no RETURNING): Roundtrip numbers new
-- lines after the largest line_id, starting from this DEFAULT. An IDENTITY would
-- refuse the explicit line_id Roundtrip then writes.
CREATE TABLE budget_lines (
  line_id INT NOT NULL DEFAULT 2000001 PRIMARY KEY,
  entity_id NVARCHAR(50) NOT NULL,
  account_id NVARCHAR(50) NOT NULL,
  period DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  comment NVARCHAR(MAX)
);
-- round(x, -2) as DuckDB computes it on the double: x / 100 rounded half up, times 100.
-- Lines 1614 and 16542 are exact halves that the double falls just below: 219400 and
-- 31300 here, in DuckDB and in ClickHouse (PostgreSQL's exact NUMERIC gives 219500 and 31400).
WITH digits AS (
  SELECT n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(n)
), months AS (
  SELECT t.n * 10 + u.n AS month_index FROM digits AS t CROSS JOIN digits AS u WHERE t.n * 10 + u.n < 24
)
INSERT INTO budget_lines
SELECT CAST(ROW_NUMBER() OVER (ORDER BY e.entity_id, a.account_id, m.month_index) AS INT),
       e.entity_id, a.account_id,
       DATEADD(MONTH, m.month_index, CAST('2025-01-01' AS DATE)),
       CAST(FLOOR(CAST(a.monthly_base * e.size_factor AS FLOAT)
                  * (0.92E0 + CAST(((CAST(SUBSTRING(e.entity_id, 2, 10) AS BIGINT) * 1000 + CAST(a.account_id AS BIGINT) + m.month_index * 7) * 48271) % 160 AS FLOAT) / 1000E0)
                  / 100E0 + 0.5E0) AS DECIMAL(18,0)) * 100,
       NULL
FROM entities AS e
CROSS JOIN accounts AS a
CROSS JOIN months AS m;
