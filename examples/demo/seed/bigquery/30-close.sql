-- Month-end close (BigQuery): the P&L hierarchy above the lines, the
-- reporting segments above the business units, and the close adjustments a
-- closed month locks. Same tables and rows as seed/common/30-close.sql.
CREATE TABLE pl_groups (group_id STRING NOT NULL, name STRING NOT NULL, parent_group_id STRING, sort_order INT64 NOT NULL,
  PRIMARY KEY (group_id) NOT ENFORCED);
INSERT INTO pl_groups VALUES
  ('GP', 'Gross profit', 'OP', 10), ('OP', 'Operating profit', 'NR', 20), ('NR', 'Net result', NULL, 30);

CREATE TABLE pl_line_groups (pl_line_id STRING NOT NULL, group_id STRING, PRIMARY KEY (pl_line_id) NOT ENFORCED);
INSERT INTO pl_line_groups VALUES ('REV', 'GP'), ('COGS', 'GP'), ('OPEX', 'OP'), ('DA', 'OP'), ('FIN', 'NR');

CREATE TABLE reporting_segments (segment_id STRING NOT NULL, name STRING NOT NULL, PRIMARY KEY (segment_id) NOT ENFORCED);
INSERT INTO reporting_segments VALUES ('MFG', 'Manufacturing'), ('CSV', 'Consumer and services'), ('DGT', 'Digital');

-- The Digital business unit starts without a segment: the close page flags its entities.
CREATE TABLE bu_segment_map (bu_id STRING NOT NULL, segment_id STRING, PRIMARY KEY (bu_id) NOT ENFORCED);
INSERT INTO bu_segment_map VALUES ('IND', 'MFG'), ('CON', 'CSV'), ('SRV', 'CSV'), ('DIG', NULL);

-- Accruals and reclassifications the accountants post while a month is open
-- (numbered from the latest month, so the grid opens on it).
CREATE TABLE close_adjustments (
  adjustment_id INT64 NOT NULL,
  entity_id STRING NOT NULL,
  account_id STRING NOT NULL,
  period DATE NOT NULL,
  amount NUMERIC(18, 2) NOT NULL,
  note STRING(200),
  PRIMARY KEY (adjustment_id) NOT ENFORCED
);
-- GoogleSQL has no VALUES table: the three months are an array, unnested.
INSERT INTO close_adjustments
SELECT ROW_NUMBER() OVER (ORDER BY period DESC, e.entity_id),
       e.entity_id,
       CASE WHEN MOD(CAST(SUBSTR(e.entity_id, 2) AS INT64), 2) = 0 THEN '6700' ELSE '6300' END,
       period,
       CAST(500 + MOD(CAST(SUBSTR(e.entity_id, 2) AS INT64) * 137, 900) * 10 AS NUMERIC),
       CASE WHEN MOD(CAST(SUBSTR(e.entity_id, 2) AS INT64), 2) = 0 THEN 'Audit fee accrual' ELSE 'Utilities accrual' END
FROM entities AS e
CROSS JOIN UNNEST([DATE '2025-10-01', DATE '2025-11-01', DATE '2025-12-01']) AS period;
