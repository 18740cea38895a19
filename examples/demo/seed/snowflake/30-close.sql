-- Month-end close (Snowflake): the P&L hierarchy above the lines, the
-- reporting segments above the business units, and the close adjustments a
-- closed month locks. Same tables and rows as seed/common/30-close.sql; names
-- are quoted lower case, as Roundtrip writes them.
CREATE TABLE "pl_groups" ("group_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "parent_group_id" VARCHAR, "sort_order" INTEGER NOT NULL,
  PRIMARY KEY ("group_id"));
INSERT INTO "pl_groups" VALUES
  ('GP', 'Gross profit', 'OP', 10), ('OP', 'Operating profit', 'NR', 20), ('NR', 'Net result', NULL, 30);

CREATE TABLE "pl_line_groups" ("pl_line_id" VARCHAR NOT NULL, "group_id" VARCHAR, PRIMARY KEY ("pl_line_id"));
INSERT INTO "pl_line_groups" VALUES ('REV', 'GP'), ('COGS', 'GP'), ('OPEX', 'OP'), ('DA', 'OP'), ('FIN', 'NR');

CREATE TABLE "reporting_segments" ("segment_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, PRIMARY KEY ("segment_id"));
INSERT INTO "reporting_segments" VALUES ('MFG', 'Manufacturing'), ('CSV', 'Consumer and services'), ('DGT', 'Digital');

-- The Digital business unit starts without a segment: the close page flags its entities.
CREATE TABLE "bu_segment_map" ("bu_id" VARCHAR NOT NULL, "segment_id" VARCHAR, PRIMARY KEY ("bu_id"));
INSERT INTO "bu_segment_map" VALUES ('IND', 'MFG'), ('CON', 'CSV'), ('SRV', 'CSV'), ('DIG', NULL);

-- Accruals and reclassifications the accountants post while a month is open
-- (numbered from the latest month, so the grid opens on it).
CREATE TABLE "close_adjustments" (
  "adjustment_id" INTEGER NOT NULL,
  "entity_id" VARCHAR NOT NULL,
  "account_id" VARCHAR NOT NULL,
  "period" DATE NOT NULL,
  "amount" DECIMAL(18,2) NOT NULL,
  "note" VARCHAR(200),
  PRIMARY KEY ("adjustment_id")
);
INSERT INTO "close_adjustments"
SELECT ROW_NUMBER() OVER (ORDER BY p."period" DESC, e."entity_id"),
       e."entity_id",
       CASE WHEN CAST(SUBSTR(e."entity_id", 2) AS INTEGER) % 2 = 0 THEN '6700' ELSE '6300' END,
       p."period",
       CAST(500 + (CAST(SUBSTR(e."entity_id", 2) AS INTEGER) * 137) % 900 * 10 AS DECIMAL(18,2)),
       CASE WHEN CAST(SUBSTR(e."entity_id", 2) AS INTEGER) % 2 = 0 THEN 'Audit fee accrual' ELSE 'Utilities accrual' END
FROM "entities" AS e
CROSS JOIN (VALUES (DATE '2025-10-01'), (DATE '2025-11-01'), (DATE '2025-12-01')) AS p ("period");
