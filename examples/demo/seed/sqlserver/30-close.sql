-- Month-end close (SQL Server): the P&L hierarchy above the lines, the
-- reporting segments above the business units, and the close adjustments a
-- closed month locks. Same tables and rows as seed/common/30-close.sql.
CREATE TABLE pl_groups (group_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL, parent_group_id NVARCHAR(50), sort_order INT NOT NULL);
INSERT INTO pl_groups VALUES
  ('GP', 'Gross profit', 'OP', 10), ('OP', 'Operating profit', 'NR', 20), ('NR', 'Net result', NULL, 30);

CREATE TABLE pl_line_groups (pl_line_id NVARCHAR(50) NOT NULL PRIMARY KEY, group_id NVARCHAR(50));
INSERT INTO pl_line_groups VALUES ('REV', 'GP'), ('COGS', 'GP'), ('OPEX', 'OP'), ('DA', 'OP'), ('FIN', 'NR');

CREATE TABLE reporting_segments (segment_id NVARCHAR(50) NOT NULL PRIMARY KEY, name NVARCHAR(MAX) NOT NULL);
INSERT INTO reporting_segments VALUES ('MFG', 'Manufacturing'), ('CSV', 'Consumer and services'), ('DGT', 'Digital');

-- The Digital business unit starts without a segment: the close page flags its entities.
CREATE TABLE bu_segment_map (bu_id NVARCHAR(50) NOT NULL PRIMARY KEY, segment_id NVARCHAR(50));
INSERT INTO bu_segment_map VALUES ('IND', 'MFG'), ('CON', 'CSV'), ('SRV', 'CSV'), ('DIG', NULL);

-- Accruals and reclassifications the accountants post while a month is open
-- (numbered from the latest month, so the grid opens on it).
CREATE TABLE close_adjustments (
  adjustment_id INT NOT NULL PRIMARY KEY,
  entity_id NVARCHAR(50) NOT NULL,
  account_id NVARCHAR(50) NOT NULL,
  period DATE NOT NULL,
  amount DECIMAL(18,2) NOT NULL,
  note NVARCHAR(200)
);
INSERT INTO close_adjustments
SELECT CAST(ROW_NUMBER() OVER (ORDER BY p.period DESC, e.entity_id) AS INT),
       e.entity_id,
       CASE WHEN CAST(SUBSTRING(e.entity_id, 2, 10) AS INT) % 2 = 0 THEN '6700' ELSE '6300' END,
       p.period,
       CAST(500 + (CAST(SUBSTRING(e.entity_id, 2, 10) AS INT) * 137) % 900 * 10 AS DECIMAL(18,2)),
       CASE WHEN CAST(SUBSTRING(e.entity_id, 2, 10) AS INT) % 2 = 0 THEN 'Audit fee accrual' ELSE 'Utilities accrual' END
FROM entities AS e
CROSS JOIN (VALUES (CAST('2025-10-01' AS DATE)), (CAST('2025-11-01' AS DATE)), (CAST('2025-12-01' AS DATE))) AS p(period);
