-- Every statement Roundtrip's core sends to databricks, rendered by its dialect (test/warehouse/dialect-golden.test.ts).

-- warehouse migrations, in order

CREATE SCHEMA IF NOT EXISTS `roundtrip_audit`;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`roundtrip_migrations` (
  `id` STRING NOT NULL,
  `applied_at` BIGINT NOT NULL,
  CONSTRAINT `roundtrip_migrations_pk` PRIMARY KEY (`id`)
) USING DELTA;

SELECT id FROM `roundtrip_audit`.`roundtrip_migrations`;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`changesets` (
  `changeset_id` STRING NOT NULL,
  `committed_at` TIMESTAMP NOT NULL,
  `user_id` STRING NOT NULL,
  `username` STRING NOT NULL,
  `app` STRING NOT NULL,
  `table_name` STRING NOT NULL,
  `reason` STRING,
  `idempotency_key` STRING,
  `request_hash` STRING NOT NULL,
  `inserted` INT NOT NULL,
  `updated` INT NOT NULL,
  `deleted` INT NOT NULL,
  `seq` BIGINT,
  `prev_hash` STRING,
  `hash` STRING,
  `reverts` STRING,
  CONSTRAINT `changesets_pk` PRIMARY KEY (`changeset_id`)
) USING DELTA;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`chain_head` (
  `id` INT NOT NULL,
  `seq` BIGINT NOT NULL,
  `last_hash` STRING NOT NULL,
  CONSTRAINT `chain_head_pk` PRIMARY KEY (`id`)
) USING DELTA;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`rejections` (
  `rejected_at` TIMESTAMP NOT NULL,
  `username` STRING NOT NULL,
  `app` STRING NOT NULL,
  `table_name` STRING NOT NULL,
  `code` STRING NOT NULL,
  `change_count` INT NOT NULL,
  `message` STRING NOT NULL
) USING DELTA;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`cell_changes` (
  `changeset_id` STRING NOT NULL,
  `seq` INT NOT NULL,
  `op` STRING NOT NULL,
  `table_name` STRING NOT NULL,
  `row_key` STRING NOT NULL,
  `column_name` STRING NOT NULL,
  `old_value` STRING,
  `new_value` STRING,
  CONSTRAINT `cell_changes_pk` PRIMARY KEY (`changeset_id`, `seq`)
) USING DELTA;

INSERT INTO `roundtrip_audit`.`chain_head` (id, seq, last_hash) SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000' WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`chain_head`);

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

SELECT column_name FROM information_schema.columns
      WHERE table_schema = :p1 AND table_name = :p2 AND column_name IN ('seq', 'prev_hash', 'hash') AND is_nullable = 'NO';

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`exports` (
  `exported_at` TIMESTAMP NOT NULL,
  `username` STRING NOT NULL,
  `app` STRING NOT NULL,
  `export_name` STRING NOT NULL,
  `params` STRING NOT NULL,
  `file_name` STRING NOT NULL,
  `files` INT NOT NULL
) USING DELTA;

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`row_comments` (
  `comment_id` STRING NOT NULL,
  `app` STRING NOT NULL,
  `table_name` STRING NOT NULL,
  `row_key` STRING NOT NULL,
  `user_id` STRING NOT NULL,
  `display_name` STRING NOT NULL,
  `created_at` TIMESTAMP NOT NULL,
  `body` STRING NOT NULL,
  `mentions` STRING NOT NULL,
  CONSTRAINT `row_comments_pk` PRIMARY KEY (`comment_id`)
) USING DELTA;

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`approval_requests` (
  `request_id` STRING NOT NULL,
  `app` STRING NOT NULL,
  `table_name` STRING NOT NULL,
  `submitted_by` STRING NOT NULL,
  `submitted_at` TIMESTAMP NOT NULL,
  `status` STRING NOT NULL,
  `amount` DOUBLE NOT NULL,
  `route` STRING NOT NULL,
  `current_level` INT NOT NULL,
  `changes` STRING NOT NULL,
  `reason` STRING,
  `resubmits` STRING,
  `changeset_id` STRING,
  `updated_at` TIMESTAMP NOT NULL,
  CONSTRAINT `approval_requests_pk` PRIMARY KEY (`request_id`)
) USING DELTA;

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`approval_steps` (
  `request_id` STRING NOT NULL,
  `seq` INT NOT NULL,
  `action` STRING NOT NULL,
  `level` STRING,
  `actor` STRING NOT NULL,
  `on_behalf_of` STRING,
  `acted_at` TIMESTAMP NOT NULL,
  `comment` STRING,
  CONSTRAINT `approval_steps_pk` PRIMARY KEY (`request_id`, `seq`)
) USING DELTA;

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

CREATE TABLE IF NOT EXISTS `roundtrip_audit`.`admin_changes` (
  `change_id` STRING NOT NULL,
  `changed_at` TIMESTAMP NOT NULL,
  `username` STRING NOT NULL,
  `kind` STRING NOT NULL,
  `target` STRING NOT NULL,
  `old_value` STRING,
  `new_value` STRING,
  CONSTRAINT `admin_changes_pk` PRIMARY KEY (`change_id`)
) USING DELTA;

INSERT INTO `roundtrip_audit`.`roundtrip_migrations` (id, applied_at) SELECT :p1, CAST(:p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM `roundtrip_audit`.`roundtrip_migrations` WHERE id = :p3);

-- reads and writes of the demo scenario (test/support/statement-capture.ts), sorted

DELETE FROM `roundtrip_audit`.`approval_requests` WHERE request_id = :p1;

DELETE FROM `roundtrip_audit`.`approval_steps` WHERE request_id = :p1 AND seq = :p2;

DELETE FROM `roundtrip_audit`.`cell_changes` WHERE changeset_id = :p1;

DELETE FROM `roundtrip_audit`.`changesets` WHERE changeset_id = :p1;

INSERT INTO `budget_lines` (`line_id`, `entity_id`, `account_id`, `period`, `amount`) SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount` FROM (SELECT CAST(r[0] AS INT) AS `line_id`, CAST(r[1] AS STRING) AS `entity_id`, CAST(r[2] AS STRING) AS `account_id`, CAST(r[3] AS DATE) AS `period`, CAST(r[4] AS DECIMAL(18,2)) AS `amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `r`;

INSERT INTO `budget_lines` (`line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment`) SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM (SELECT CAST(r[0] AS INT) AS `line_id`, CAST(r[1] AS STRING) AS `entity_id`, CAST(r[2] AS STRING) AS `account_id`, CAST(r[3] AS DATE) AS `period`, CAST(r[4] AS DECIMAL(18,2)) AS `amount`, CAST(r[5] AS STRING) AS `comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `r`;

INSERT INTO `roundtrip_audit`.`approval_requests`
      (request_id, app, table_name, submitted_by, submitted_at, status, amount, route, current_level, changes, reason, resubmits, changeset_id, updated_at)
      VALUES (:p1, :p2, :p3, :p4, CAST(:p5 AS TIMESTAMP), :p6, :p7,
              :p8, :p9, :p10, :p11, :p12, :p13,
              CAST(:p14 AS TIMESTAMP));

INSERT INTO `roundtrip_audit`.`approval_steps` (request_id, seq, action, level, actor, on_behalf_of, acted_at, comment)
    VALUES (:p1, :p2, :p3, :p4, :p5, :p6, CAST(:p7 AS TIMESTAMP), :p8);

INSERT INTO `roundtrip_audit`.`cell_changes` (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)
    SELECT :p1, cells.seq, cells.op, :p2, cells.row_key, cells.column_name, cells.old_value, cells.new_value FROM (SELECT CAST(r[0] AS INT) AS `seq`, CAST(r[1] AS STRING) AS `op`, CAST(r[2] AS STRING) AS `row_key`, CAST(r[3] AS STRING) AS `column_name`, CAST(r[4] AS STRING) AS `old_value`, CAST(r[5] AS STRING) AS `new_value` FROM (SELECT explode(from_json(:p3, 'array<array<string>>')) AS r)) AS `cells`;

INSERT INTO `roundtrip_audit`.`cell_changes` (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value) VALUES (:p1, CAST(:p2 AS INTEGER), :p3, :p4, :p5, :p6, :p7, :p8);

INSERT INTO `roundtrip_audit`.`changesets` (changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted, reverts) VALUES (:p1, CAST(:p2 AS TIMESTAMP), :p3, :p4, :p5, :p6, :p7,
    :p8, :p9, CAST(:p10 AS INTEGER), CAST(:p11 AS INTEGER), CAST(:p12 AS INTEGER), :p13);

INSERT INTO `roundtrip_audit`.`rejections` (rejected_at, username, app, table_name, code, change_count, message)
        VALUES (CAST(:p1 AS TIMESTAMP), :p2, :p3, :p4, :p5, :p6, :p7);

MERGE INTO `budget_lines` AS `t` USING (SELECT CAST(r[0] AS INT) AS `k0` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`line_id` = `s`.`k0` WHEN MATCHED THEN DELETE;

MERGE INTO `budget_lines` AS `t` USING (SELECT CAST(r[0] AS INT) AS `k0`, CAST(r[1] AS DECIMAL(18,2)) AS `v0` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`line_id` = `s`.`k0` WHEN MATCHED THEN UPDATE SET `t`.`amount` = `s`.`v0`;

MERGE INTO `budget_lines` AS `t` USING (SELECT CAST(r[0] AS INT) AS `k0`, CAST(r[1] AS DECIMAL(18,2)) AS `v0`, CAST(r[2] AS STRING) AS `v1` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`line_id` = `s`.`k0` WHEN MATCHED THEN UPDATE SET `t`.`amount` = `s`.`v0`, `t`.`comment` = `s`.`v1`;

MERGE INTO `budget_lines` AS `t` USING (SELECT CAST(r[0] AS INT) AS `k0`, CAST(r[1] AS STRING) AS `v0` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`line_id` = `s`.`k0` WHEN MATCHED THEN UPDATE SET `t`.`comment` = `s`.`v0`;

MERGE INTO `roundtrip_audit`.`changesets` AS `t` USING (SELECT CAST(r[0] AS STRING) AS `k0`, CAST(r[1] AS BIGINT) AS `v0`, CAST(r[2] AS STRING) AS `v1`, CAST(r[3] AS STRING) AS `v2` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` ON `t`.`changeset_id` = `s`.`k0` WHEN MATCHED THEN UPDATE SET `t`.`seq` = `s`.`v0`, `t`.`prev_hash` = `s`.`v1`, `t`.`hash` = `s`.`v2`;

SELECT (SELECT count(*) FROM `roundtrip_audit`.`approval_requests` WHERE request_id = :p1 AND status = :p2 AND current_level = :p3) AS unchanged,
        (SELECT coalesce(max(seq), 0) FROM `roundtrip_audit`.`approval_steps` WHERE request_id = :p4) AS last_seq;

SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(:p1 AS STRING) IS NULL OR j.entity_id = CAST(:p2 AS STRING)
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(:p3 AS STRING) IS NULL OR b.entity_id = CAST(:p4 AS STRING)
) AS budget
) AS q WHERE FALSE;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` TIMESTAMP AS OF CAST(:p1 AS TIMESTAMP)) AS `t` WHERE COALESCE(TRUE, FALSE)) AS `q` ORDER BY `line_id` ASC NULLS LAST LIMIT :p2 OFFSET :p3;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE((`entity_id` IN (:p1, :p2, :p3, :p4, :p5)), FALSE)) AS `q` ORDER BY `line_id` ASC NULLS LAST LIMIT :p6 OFFSET :p7;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE((`entity_id` IN (:p1, :p2, :p3, :p4, :p5)), FALSE)) AS `q` WHERE `entity_id` IN (CAST(:p6 AS STRING), CAST(:p7 AS STRING)) AND `amount` >= CAST(:p8 AS DECIMAL(18,2)) AND `comment` IS NOT NULL AND (instr(lower(CAST(`comment` AS STRING)), lower(:p9)) > 0) ORDER BY `amount` DESC NULLS LAST LIMIT :p10 OFFSET :p11;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE(TRUE, FALSE)) AS `q` ORDER BY `line_id` ASC NULLS LAST LIMIT :p1 OFFSET :p2;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE(TRUE, FALSE)) AS `q` WHERE `entity_id` = CAST(:p1 AS STRING) LIMIT :p2 OFFSET :p3;

SELECT * FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE(TRUE, FALSE)) AS `q` WHERE instr(lower(CAST(`comment` AS STRING)), lower(:p1)) > 0 LIMIT :p2 OFFSET :p3;

SELECT 1 AS found FROM `roundtrip_audit`.`approval_steps` WHERE request_id = :p1 AND seq = :p2;

SELECT 1 AS found FROM `roundtrip_audit`.`changesets`
      WHERE user_id = :p1 AND idempotency_key = :p2;

SELECT 1 AS found FROM `roundtrip_audit`.`changesets` WHERE changeset_id = :p1;

SELECT 1 AS pending FROM `roundtrip_audit`.`changesets` WHERE seq IS NULL LIMIT :p1 OFFSET :p2;

SELECT DISTINCT CAST(`account_id` AS STRING) AS v FROM `accounts` WHERE `account_id` IN (CAST(:p1 AS STRING));

SELECT DISTINCT CAST(`entity_id` AS STRING) AS v FROM `entities` WHERE `entity_id` IN (CAST(:p1 AS STRING));

SELECT `r`.* FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE(TRUE, FALSE)) AS `r` JOIN (SELECT CAST(r[0] AS INT) AS `k:line_id` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `wanted` ON `r`.`line_id` = `wanted`.`k:line_id`;

SELECT `s`.`__i` AS `__i` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `v:line_id`, CAST(r[2] AS STRING) AS `v:entity_id`, CAST(r[3] AS STRING) AS `v:account_id`, CAST(r[4] AS DATE) AS `v:period`, CAST(r[5] AS DECIMAL(18,2)) AS `v:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`v:line_id`;

SELECT `s`.`__i` AS `__i` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `v:line_id`, CAST(r[2] AS STRING) AS `v:entity_id`, CAST(r[3] AS STRING) AS `v:account_id`, CAST(r[4] AS DATE) AS `v:period`, CAST(r[5] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[6] AS STRING) AS `v:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`v:line_id`;

SELECT `s`.`__i` AS `__i`, CAST(`t`.`line_id` IS NOT NULL AS BOOLEAN) AS `found`,
    CAST(COALESCE((`t`.`entity_id` IN (:p1, :p2, :p3, :p4, :p5)), FALSE) AS BOOLEAN) AS `readable`, CAST(COALESCE((`t`.`entity_id` IN (:p6, :p7, :p8, :p9, :p10)), FALSE) AS BOOLEAN) AS `old_allowed`, CAST(COALESCE((`t`.`entity_id` IN (:p11, :p12, :p13, :p14, :p15)), FALSE) AS BOOLEAN) AS `new_allowed`,
    CAST(NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AS BOOLEAN) AS `unlocked_old`, CAST(TRUE AS BOOLEAN) AS `unlocked_new`, CAST(`t`.`comment` AS STRING) AS `a:comment`, `t`.`line_id` AS `r:line_id`, `t`.`entity_id` AS `r:entity_id`, `t`.`account_id` AS `r:account_id`, `t`.`period` AS `r:period`, `t`.`amount` AS `r:amount`, `t`.`comment` AS `r:comment`
    FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS STRING) AS `v:comment`, CAST(r[3] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p16, 'array<array<string>>')) AS r)) AS `s` LEFT JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id`;

SELECT `s`.`__i` AS `__i`, CAST(`t`.`line_id` IS NOT NULL AS BOOLEAN) AS `found`,
    CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS `readable`, CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS `old_allowed`, CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS `new_allowed`,
    CAST(NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AS BOOLEAN) AS `unlocked_old`, CAST(TRUE AS BOOLEAN) AS `unlocked_new`, CAST(`t`.`amount` AS STRING) AS `a:amount`, `t`.`line_id` AS `r:line_id`, `t`.`entity_id` AS `r:entity_id`, `t`.`account_id` AS `r:account_id`, `t`.`period` AS `r:period`, `t`.`amount` AS `r:amount`, `t`.`comment` AS `r:comment`
    FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[3] AS DECIMAL(18,2)) AS `e:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` LEFT JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id`;

SELECT `s`.`__i` AS `__i`, `s`.`v:line_id` AS `line_id`, `s`.`v:entity_id` AS `entity_id`, `s`.`v:account_id` AS `account_id`, `s`.`v:period` AS `period`, `s`.`v:amount` AS `amount`, CAST(NULL AS STRING) AS `comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `v:line_id`, CAST(r[2] AS STRING) AS `v:entity_id`, CAST(r[3] AS STRING) AS `v:account_id`, CAST(r[4] AS DATE) AS `v:period`, CAST(r[5] AS DECIMAL(18,2)) AS `v:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` WHERE COALESCE(TRUE, FALSE) AND COALESCE(((`s`.`v:amount` <= :p2) OR ((CAST(NULL AS STRING) IS NOT NULL) AND (NOT CAST(NULL AS STRING) <=> :p3))), FALSE) AND NOT COALESCE(`s`.`v:period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE);

SELECT `s`.`__i` AS `__i`, `s`.`v:line_id` AS `line_id`, `s`.`v:entity_id` AS `entity_id`, `s`.`v:account_id` AS `account_id`, `s`.`v:period` AS `period`, `s`.`v:amount` AS `amount`, `s`.`v:comment` AS `comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `v:line_id`, CAST(r[2] AS STRING) AS `v:entity_id`, CAST(r[3] AS STRING) AS `v:account_id`, CAST(r[4] AS DATE) AS `v:period`, CAST(r[5] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[6] AS STRING) AS `v:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` WHERE COALESCE(TRUE, FALSE) AND COALESCE(((`s`.`v:amount` <= :p2) OR ((`s`.`v:comment` IS NOT NULL) AND (NOT `s`.`v:comment` <=> :p3))), FALSE) AND NOT COALESCE(`s`.`v:period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `s`.`v:amount` AS `amount`, `s`.`v:comment` AS `comment`, `t`.`amount` AS `o:amount`, `t`.`comment` AS `o:comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[3] AS STRING) AS `v:comment`, CAST(r[4] AS DECIMAL(18,2)) AS `e:amount`, CAST(r[5] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT)) OR (`t`.`line_id` = CAST(:p3 AS INT)) OR (`t`.`line_id` = CAST(:p4 AS INT))) AND `t`.`amount` <=> `s`.`e:amount` AND `t`.`comment` <=> `s`.`e:comment` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE(((`s`.`v:amount` <= :p5) OR ((`s`.`v:comment` IS NOT NULL) AND (NOT `s`.`v:comment` <=> :p6))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `s`.`v:amount` AS `amount`, `t`.`comment` AS `comment`, `t`.`amount` AS `o:amount` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[3] AS DECIMAL(18,2)) AS `e:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`amount` <=> `s`.`e:amount` AND COALESCE((`t`.`entity_id` IN (:p3, :p4, :p5, :p6, :p7)), FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE((`t`.`entity_id` IN (:p8, :p9, :p10, :p11, :p12)), FALSE) AND COALESCE(((`s`.`v:amount` <= :p13) OR ((`t`.`comment` IS NOT NULL) AND (NOT `t`.`comment` <=> :p14))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `s`.`v:amount` AS `amount`, `t`.`comment` AS `comment`, `t`.`amount` AS `o:amount` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS DECIMAL(18,2)) AS `v:amount`, CAST(r[3] AS DECIMAL(18,2)) AS `e:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`amount` <=> `s`.`e:amount` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE(((`s`.`v:amount` <= :p3) OR ((`t`.`comment` IS NOT NULL) AND (NOT `t`.`comment` <=> :p4))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `t`.`amount` AS `amount`, `s`.`v:comment` AS `comment`, `t`.`comment` AS `o:comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS STRING) AS `v:comment`, CAST(r[3] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT)) OR (`t`.`line_id` = CAST(:p3 AS INT)) OR (`t`.`line_id` = CAST(:p4 AS INT)) OR (`t`.`line_id` = CAST(:p5 AS INT)) OR (`t`.`line_id` = CAST(:p6 AS INT)) OR (`t`.`line_id` = CAST(:p7 AS INT)) OR (`t`.`line_id` = CAST(:p8 AS INT))) AND `t`.`comment` <=> `s`.`e:comment` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE(((`t`.`amount` <= :p9) OR ((`s`.`v:comment` IS NOT NULL) AND (NOT `s`.`v:comment` <=> :p10))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `t`.`amount` AS `amount`, `s`.`v:comment` AS `comment`, `t`.`comment` AS `o:comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS STRING) AS `v:comment`, CAST(r[3] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`comment` <=> `s`.`e:comment` AND COALESCE((`t`.`entity_id` IN (:p3, :p4, :p5, :p6, :p7)), FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE((`t`.`entity_id` IN (:p8, :p9, :p10, :p11, :p12)), FALSE) AND COALESCE(((`t`.`amount` <= :p13) OR ((`s`.`v:comment` IS NOT NULL) AND (NOT `s`.`v:comment` <=> :p14))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `t`.`amount` AS `amount`, `s`.`v:comment` AS `comment`, `t`.`comment` AS `o:comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS STRING) AS `v:comment`, CAST(r[3] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`comment` <=> `s`.`e:comment` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE(((`t`.`amount` <= :p3) OR ((`s`.`v:comment` IS NOT NULL) AND (NOT `s`.`v:comment` <=> :p4))), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `t`.`amount` AS `amount`, `t`.`comment` AS `comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS DECIMAL(18,2)) AS `e:amount` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`amount` <=> `s`.`e:amount` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE);

SELECT `s`.`__i` AS `__i`, `t`.`line_id` AS `line_id`, `t`.`entity_id` AS `entity_id`, `t`.`account_id` AS `account_id`, `t`.`period` AS `period`, `t`.`amount` AS `amount`, `t`.`comment` AS `comment` FROM (SELECT CAST(r[0] AS INT) AS `__i`, CAST(r[1] AS INT) AS `k:line_id`, CAST(r[2] AS STRING) AS `e:entity_id`, CAST(r[3] AS STRING) AS `e:account_id`, CAST(r[4] AS DATE) AS `e:period`, CAST(r[5] AS DECIMAL(18,2)) AS `e:amount`, CAST(r[6] AS STRING) AS `e:comment` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `s` JOIN `budget_lines` AS `t` ON `t`.`line_id` = `s`.`k:line_id` WHERE ((`t`.`line_id` = CAST(:p2 AS INT))) AND `t`.`entity_id` <=> `s`.`e:entity_id` AND `t`.`account_id` <=> `s`.`e:account_id` AND `t`.`period` <=> `s`.`e:period` AND `t`.`amount` <=> `s`.`e:amount` AND `t`.`comment` <=> `s`.`e:comment` AND COALESCE(TRUE, FALSE) AND NOT COALESCE(`t`.`period` IN (SELECT `period` FROM `closed_periods` WHERE `period` IS NOT NULL), FALSE);

SELECT c.changeset_id AS changeset_id, CAST(c.committed_at AS STRING) AS at, c.username AS username, cc.op AS op, cc.column_name AS column_name,
                cc.old_value AS old_value, cc.new_value AS new_value, c.reason AS reason, c.reverts AS reverts,
                c.inserted + c.updated + c.deleted AS changeset_rows
          FROM `roundtrip_audit`.`cell_changes` cc
          JOIN `roundtrip_audit`.`changesets` c ON c.changeset_id = cc.changeset_id
         WHERE cc.table_name = :p1 AND cc.row_key = :p2
         ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC
         LIMIT :p3 OFFSET :p4;

SELECT cc.changeset_id AS changeset_id, CAST(c.committed_at AS STRING) AS committed_at, c.username AS username, cc.op AS op, cc.row_key AS row_key,
               cc.column_name AS column_name, cc.old_value AS old_value, cc.new_value AS new_value
          FROM `roundtrip_audit`.`cell_changes` cc
          JOIN `roundtrip_audit`.`changesets` c ON c.changeset_id = cc.changeset_id
         WHERE cc.changeset_id = :p1
         ORDER BY c.committed_at, c.changeset_id, cc.seq;

SELECT changeset_id FROM `roundtrip_audit`.`changesets` WHERE reverts = :p1 ORDER BY committed_at, changeset_id;

SELECT changeset_id FROM `roundtrip_audit`.`changesets` WHERE user_id = :p1 AND idempotency_key = :p2;

SELECT changeset_id, CAST(committed_at AS STRING) AS committed_at, user_id, username, app, table_name, reason,
      idempotency_key, request_hash, inserted, updated, deleted, seq, prev_hash, hash, reverts
      FROM `roundtrip_audit`.`changesets` WHERE seq IS NULL ORDER BY committed_at, changeset_id LIMIT :p1 OFFSET :p2;

SELECT changeset_id, CAST(committed_at AS STRING) AS committed_at, username, app, table_name, reverts, reason, inserted, updated, deleted FROM `roundtrip_audit`.`changesets` WHERE changeset_id = :p1;

SELECT changeset_id, op, row_key, column_name, old_value, new_value FROM `roundtrip_audit`.`cell_changes`
      WHERE changeset_id IN (:p1) ORDER BY changeset_id, seq;

SELECT changeset_id, request_hash, inserted + updated + deleted AS applied FROM `roundtrip_audit`.`changesets`
         WHERE user_id = :p1 AND idempotency_key = :p2;

SELECT count(*) AS `n`, SUM(`amount`) AS `a0` FROM (SELECT `line_id`, `entity_id`, `account_id`, `period`, `amount`, `comment` FROM `budget_lines` WHERE COALESCE((`entity_id` IN (:p1, :p2, :p3, :p4, :p5)), FALSE)) AS `q` WHERE `entity_id` IN (CAST(:p6 AS STRING), CAST(:p7 AS STRING)) AND `amount` >= CAST(:p8 AS DECIMAL(18,2)) AND `comment` IS NOT NULL AND (instr(lower(CAST(`comment` AS STRING)), lower(:p9)) > 0);

SELECT entity_id, period, sum(amount) AS total
FROM budget_lines
GROUP BY entity_id, period
HAVING sum(amount) > 100000000;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS STRING) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS STRING) AS updated_at, (SELECT max(s.seq) FROM `roundtrip_audit`.`approval_steps` s WHERE s.request_id = r.request_id) AS last_seq
          FROM `roundtrip_audit`.`approval_requests` r
         WHERE 1 = 1 AND r.status IN (:p1)
         ORDER BY r.submitted_at DESC, r.request_id DESC
         LIMIT :p2 OFFSET :p3;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS STRING) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS STRING) AS updated_at, (SELECT max(s.seq) FROM `roundtrip_audit`.`approval_steps` s WHERE s.request_id = r.request_id) AS last_seq
          FROM `roundtrip_audit`.`approval_requests` r
         WHERE r.request_id = :p1
         ORDER BY r.submitted_at DESC, r.request_id DESC
         LIMIT :p2 OFFSET :p3;

SELECT request_id, seq, action, level, actor, on_behalf_of, CAST(acted_at AS STRING) AS acted_at, comment
            FROM `roundtrip_audit`.`approval_steps`
           WHERE request_id IN (:p1) ORDER BY request_id, seq;

SELECT seq, last_hash FROM `roundtrip_audit`.`chain_head` WHERE id = 1;

SELECT x.row_key AS row_key, x.column_name AS column_name, x.username AS username, CAST(x.committed_at AS STRING) AS at FROM (
          SELECT cc.row_key AS row_key, cc.column_name AS column_name, c.username AS username, c.committed_at AS committed_at,
                 row_number() OVER (PARTITION BY cc.row_key, cc.column_name ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC) AS rn
            FROM `roundtrip_audit`.`cell_changes` cc
            JOIN `roundtrip_audit`.`changesets` c ON c.changeset_id = cc.changeset_id
            JOIN (SELECT CAST(r[0] AS STRING) AS `row_key`, CAST(r[1] AS STRING) AS `column_name` FROM (SELECT explode(from_json(:p1, 'array<array<string>>')) AS r)) AS `q` ON cc.row_key = q.row_key AND cc.column_name = q.column_name
           WHERE cc.table_name = :p2) x
        WHERE x.rn = 1;

UPDATE `roundtrip_audit`.`approval_requests`
    SET status = :p1, current_level = :p2, route = :p3, changeset_id = :p4,
        updated_at = CAST(:p5 AS TIMESTAMP)
    WHERE request_id = :p6;

UPDATE `roundtrip_audit`.`approval_requests` SET updated_at = CAST(:p1 AS TIMESTAMP), current_level = :p2 WHERE request_id = :p3 AND status = :p4 AND current_level = :p5;

UPDATE `roundtrip_audit`.`approval_requests` SET updated_at = CAST(:p1 AS TIMESTAMP), status = :p2, changeset_id = :p3 WHERE request_id = :p4 AND status = :p5 AND current_level = :p6;

UPDATE `roundtrip_audit`.`approval_requests` SET updated_at = CAST(:p1 AS TIMESTAMP), status = :p2, current_level = :p3 WHERE request_id = :p4 AND status = :p5 AND current_level = :p6;

UPDATE `roundtrip_audit`.`chain_head` SET seq = :p1, last_hash = :p2 WHERE id = 1;

WITH `budget_lines` AS (SELECT * FROM `roundtrip_demo`.`budget_lines` WHERE COALESCE(TRUE, FALSE)), `journal_lines` AS (SELECT * FROM `roundtrip_demo`.`journal_lines` WHERE COALESCE(TRUE, FALSE)) SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(:p1 AS STRING) IS NULL OR j.entity_id = CAST(:p2 AS STRING)
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(:p3 AS STRING) IS NULL OR b.entity_id = CAST(:p4 AS STRING)
) AS budget
) AS `q` LIMIT :p5 OFFSET :p6;

SELECT `line_id`, `amount` FROM `budget_lines` TIMESTAMP AS OF CAST(:p1 AS TIMESTAMP);
