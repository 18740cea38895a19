-- 24 months of journal lines (about 1.25M rows) and the monthly budget per
-- entity and account (Snowflake). Same integer hashing and the same double
-- precision arithmetic as the DuckDB seed, so both warehouses hold the same
-- figures. Names are quoted lower case, as Roundtrip writes them.
CREATE TABLE "journal_lines" (
  "journal_id" BIGINT NOT NULL,
  "entity_id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "period" DATE NOT NULL,
  "posted_on" DATE NOT NULL,
  "amount" DECIMAL(18,2) NOT NULL
);
-- Snowflake divides NUMBERs in fixed point; the amount is computed in FLOAT (double)
-- as DuckDB does, hence the casts. DuckDB's cast to DECIMAL(18,2) rounds x * 100 half
-- away from zero: FLOOR plus the comparison does that exactly, then the cents are
-- divided in NUMBER. Generated rows are numbered with ROW_NUMBER (SEQ4 may leave gaps).
INSERT INTO "journal_lines"
SELECT journal_id, "entity_id", "account_id", "period", posted_on,
       CAST(CAST(FLOOR(x) + IFF(x - FLOOR(x) >= 0.5, 1, 0) AS DECIMAL(18,0)) / 100 AS DECIMAL(18,2))
FROM (
  SELECT c.cell_id * 100 + l.line_no AS journal_id,
         c."entity_id", c."account_id", c."period",
         DATEADD(day, (c.cell_id * 31 + l.line_no * 17) % 28, c."period") AS posted_on,
         CAST(c."monthly_base" * c."size_factor" AS FLOAT) / 65.0
           * (0.55 + CAST((c.cell_id * 2654435761 + l.line_no * 40503) % 1000 AS FLOAT) / 1111.0)
           * (1 + 0.08 * SIN(CAST(c.month_index AS FLOAT) / 1.9)) * 100 AS x
  FROM (
    SELECT e."entity_id", e."size_factor", a."account_id", a."monthly_base", m.month_index,
           DATEADD(month, m.month_index, DATE '2025-01-01') AS "period",
           ROW_NUMBER() OVER (ORDER BY e."entity_id", a."account_id", m.month_index) AS cell_id
    FROM "entities" AS e
    CROSS JOIN "accounts" AS a
    CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS month_index FROM TABLE(GENERATOR(ROWCOUNT => 24))) AS m
  ) AS c
  CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS line_no FROM TABLE(GENERATOR(ROWCOUNT => 65))) AS l
) AS lines;

-- No sequence behind line_id: Roundtrip cannot read back a key Snowflake generates
-- (no RETURNING), so new lines are numbered by Roundtrip from this constant DEFAULT on,
-- after the largest line_id (as on ClickHouse).
CREATE TABLE "budget_lines" (
  "line_id" INTEGER DEFAULT 2000001 NOT NULL,
  "entity_id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "period" DATE NOT NULL,
  "amount" DECIMAL(18,2) NOT NULL,
  "comment" VARCHAR,
  PRIMARY KEY ("line_id")
);
-- round(x, -2) as DuckDB does it on a double: x / 100 rounded half away from zero, times 100.
INSERT INTO "budget_lines"
SELECT line_id, "entity_id", "account_id", "period",
       CAST(FLOOR(x) + IFF(x - FLOOR(x) >= 0.5, 1, 0) AS DECIMAL(18,0)) * 100,
       NULL
FROM (
  SELECT ROW_NUMBER() OVER (ORDER BY e."entity_id", a."account_id", m.month_index) AS line_id,
         e."entity_id", a."account_id",
         DATEADD(month, m.month_index, DATE '2025-01-01') AS "period",
         CAST(a."monthly_base" * e."size_factor" AS FLOAT)
           * (0.92 + CAST(((CAST(SUBSTR(e."entity_id", 2) AS INTEGER) * 1000 + CAST(a."account_id" AS INTEGER) + m.month_index * 7) * 48271) % 160 AS FLOAT) / 1000.0)
           / 100 AS x
  FROM "entities" AS e
  CROSS JOIN "accounts" AS a
  CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS month_index FROM TABLE(GENERATOR(ROWCOUNT => 24))) AS m
) AS budget;
