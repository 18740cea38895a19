-- Month-end close (ClickHouse): the P&L hierarchy above the lines, the
-- reporting segments above the business units, and the close adjustments a
-- closed month locks. Same tables and rows as seed/common/30-close.sql.
CREATE TABLE pl_groups (group_id String NOT NULL, name String NOT NULL, parent_group_id String, sort_order Int32 NOT NULL)
ENGINE = MergeTree ORDER BY (group_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO pl_groups VALUES
  ('GP', 'Gross profit', 'OP', 10), ('OP', 'Operating profit', 'NR', 20), ('NR', 'Net result', NULL, 30);

CREATE TABLE pl_line_groups (pl_line_id String NOT NULL, group_id String)
ENGINE = MergeTree ORDER BY (pl_line_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO pl_line_groups VALUES ('REV', 'GP'), ('COGS', 'GP'), ('OPEX', 'OP'), ('DA', 'OP'), ('FIN', 'NR');

CREATE TABLE reporting_segments (segment_id String NOT NULL, name String NOT NULL)
ENGINE = MergeTree ORDER BY (segment_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO reporting_segments VALUES ('MFG', 'Manufacturing'), ('CSV', 'Consumer and services'), ('DGT', 'Digital');

-- The Digital business unit starts without a segment: the close page flags its entities.
CREATE TABLE bu_segment_map (bu_id String NOT NULL, segment_id String)
ENGINE = MergeTree ORDER BY (bu_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO bu_segment_map VALUES ('IND', 'MFG'), ('CON', 'CSV'), ('SRV', 'CSV'), ('DIG', NULL);

-- Accruals and reclassifications the accountants post while a month is open
-- (numbered from the latest month, so the grid opens on it).
CREATE TABLE close_adjustments (
  adjustment_id Int32 NOT NULL,
  entity_id String NOT NULL,
  account_id String NOT NULL,
  period Date NOT NULL,
  amount Decimal(18,2) NOT NULL,
  note String
)
ENGINE = MergeTree ORDER BY (adjustment_id)
SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1;
INSERT INTO close_adjustments
SELECT toInt32(row_number() OVER (ORDER BY p.period DESC, e.entity_id)),
       e.entity_id,
       CASE WHEN toInt32(substring(e.entity_id, 2)) % 2 = 0 THEN '6700' ELSE '6300' END,
       p.period,
       CAST(500 + (toInt32(substring(e.entity_id, 2)) * 137) % 900 * 10 AS Decimal(18,2)),
       CASE WHEN toInt32(substring(e.entity_id, 2)) % 2 = 0 THEN 'Audit fee accrual' ELSE 'Utilities accrual' END
FROM entities AS e
CROSS JOIN (SELECT arrayJoin([toDate('2025-10-01'), toDate('2025-11-01'), toDate('2025-12-01')]) AS period) AS p;
