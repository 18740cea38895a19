-- Every statement Roundtrip's core sends to snowflake, rendered by its dialect (test/warehouse/dialect-golden.test.ts).

-- warehouse migrations, in order

CREATE SCHEMA IF NOT EXISTS "roundtrip_audit";

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."roundtrip_migrations" (
  "id" VARCHAR NOT NULL,
  "applied_at" BIGINT NOT NULL,
  PRIMARY KEY ("id")
);

SELECT id FROM "roundtrip_audit"."roundtrip_migrations";

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."changesets" (
  "changeset_id" VARCHAR NOT NULL,
  "committed_at" TIMESTAMP_TZ NOT NULL,
  "user_id" VARCHAR NOT NULL,
  "username" VARCHAR NOT NULL,
  "app" VARCHAR NOT NULL,
  "table_name" VARCHAR NOT NULL,
  "reason" VARCHAR,
  "idempotency_key" VARCHAR,
  "request_hash" VARCHAR NOT NULL,
  "inserted" INTEGER NOT NULL,
  "updated" INTEGER NOT NULL,
  "deleted" INTEGER NOT NULL,
  "seq" BIGINT UNIQUE,
  "prev_hash" VARCHAR,
  "hash" VARCHAR,
  "reverts" VARCHAR,
  PRIMARY KEY ("changeset_id"),
  UNIQUE ("user_id", "idempotency_key")
);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."chain_head" (
  "id" INTEGER NOT NULL,
  "seq" BIGINT NOT NULL,
  "last_hash" VARCHAR NOT NULL,
  PRIMARY KEY ("id")
);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."rejections" (
  "rejected_at" TIMESTAMP_TZ NOT NULL,
  "username" VARCHAR NOT NULL,
  "app" VARCHAR NOT NULL,
  "table_name" VARCHAR NOT NULL,
  "code" VARCHAR NOT NULL,
  "change_count" INTEGER NOT NULL,
  "message" VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."cell_changes" (
  "changeset_id" VARCHAR NOT NULL,
  "seq" INTEGER NOT NULL,
  "op" VARCHAR NOT NULL,
  "table_name" VARCHAR NOT NULL,
  "row_key" VARCHAR NOT NULL,
  "column_name" VARCHAR NOT NULL,
  "old_value" VARCHAR,
  "new_value" VARCHAR,
  PRIMARY KEY ("changeset_id", "seq")
);

INSERT INTO "roundtrip_audit"."chain_head" (id, seq, last_hash) SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000' WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."chain_head");

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

SELECT column_name FROM information_schema.columns
      WHERE table_schema = ? AND table_name = ? AND column_name IN ('seq', 'prev_hash', 'hash') AND is_nullable = 'NO';

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."exports" (
  "exported_at" TIMESTAMP_TZ NOT NULL,
  "username" VARCHAR NOT NULL,
  "app" VARCHAR NOT NULL,
  "export_name" VARCHAR NOT NULL,
  "params" VARCHAR NOT NULL,
  "file_name" VARCHAR NOT NULL,
  "files" INTEGER NOT NULL
);

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."row_comments" (
  "comment_id" VARCHAR NOT NULL,
  "app" VARCHAR NOT NULL,
  "table_name" VARCHAR NOT NULL,
  "row_key" VARCHAR NOT NULL,
  "user_id" VARCHAR NOT NULL,
  "display_name" VARCHAR NOT NULL,
  "created_at" TIMESTAMP_TZ NOT NULL,
  "body" VARCHAR NOT NULL,
  "mentions" VARCHAR NOT NULL,
  PRIMARY KEY ("comment_id")
);

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."approval_requests" (
  "request_id" VARCHAR NOT NULL,
  "app" VARCHAR NOT NULL,
  "table_name" VARCHAR NOT NULL,
  "submitted_by" VARCHAR NOT NULL,
  "submitted_at" TIMESTAMP_TZ NOT NULL,
  "status" VARCHAR NOT NULL,
  "amount" FLOAT NOT NULL,
  "route" VARCHAR NOT NULL,
  "current_level" INTEGER NOT NULL,
  "changes" VARCHAR NOT NULL,
  "reason" VARCHAR,
  "resubmits" VARCHAR UNIQUE,
  "changeset_id" VARCHAR,
  "updated_at" TIMESTAMP_TZ NOT NULL,
  PRIMARY KEY ("request_id")
);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."approval_steps" (
  "request_id" VARCHAR NOT NULL,
  "seq" INTEGER NOT NULL,
  "action" VARCHAR NOT NULL,
  "level" VARCHAR,
  "actor" VARCHAR NOT NULL,
  "on_behalf_of" VARCHAR,
  "acted_at" TIMESTAMP_TZ NOT NULL,
  "comment" VARCHAR,
  PRIMARY KEY ("request_id", "seq")
);

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

CREATE TABLE IF NOT EXISTS "roundtrip_audit"."admin_changes" (
  "change_id" VARCHAR NOT NULL,
  "changed_at" TIMESTAMP_TZ NOT NULL,
  "username" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL,
  "target" VARCHAR NOT NULL,
  "old_value" VARCHAR,
  "new_value" VARCHAR,
  PRIMARY KEY ("change_id")
);

INSERT INTO "roundtrip_audit"."roundtrip_migrations" (id, applied_at) SELECT ?, CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM "roundtrip_audit"."roundtrip_migrations" WHERE id = ?);

-- reads and writes of the demo scenario (test/support/statement-capture.ts), sorted

INSERT INTO "budget_lines" ("line_id", "entity_id", "account_id", "period", "amount") SELECT "line_id", "entity_id", "account_id", "period", "amount" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "line_id", CAST(AS_VARCHAR("f".VALUE[1]) AS VARCHAR) AS "entity_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "account_id", CAST(AS_VARCHAR("f".VALUE[3]) AS DATE) AS "period", CAST(AS_VARCHAR("f".VALUE[4]) AS DECIMAL(18,2)) AS "amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "r";

INSERT INTO "budget_lines" ("line_id", "entity_id", "account_id", "period", "amount", "comment") SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "line_id", CAST(AS_VARCHAR("f".VALUE[1]) AS VARCHAR) AS "entity_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "account_id", CAST(AS_VARCHAR("f".VALUE[3]) AS DATE) AS "period", CAST(AS_VARCHAR("f".VALUE[4]) AS DECIMAL(18,2)) AS "amount", CAST(AS_VARCHAR("f".VALUE[5]) AS VARCHAR) AS "comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "r";

INSERT INTO "roundtrip_audit"."approval_requests"
      (request_id, app, table_name, submitted_by, submitted_at, status, amount, route, current_level, changes, reason, resubmits, changeset_id, updated_at)
      VALUES (?, ?, ?, ?, CAST(? AS TIMESTAMP_TZ), ?, ?,
              ?, ?, ?, ?, ?, ?,
              CAST(? AS TIMESTAMP_TZ));

INSERT INTO "roundtrip_audit"."approval_steps" (request_id, seq, action, level, actor, on_behalf_of, acted_at, comment)
    VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP_TZ), ?);

INSERT INTO "roundtrip_audit"."cell_changes" (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)
    SELECT ?, cells.seq, cells.op, ?, cells.row_key, cells.column_name, cells.old_value, cells.new_value FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "seq", CAST(AS_VARCHAR("f".VALUE[1]) AS VARCHAR) AS "op", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "row_key", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "column_name", CAST(AS_VARCHAR("f".VALUE[4]) AS VARCHAR) AS "old_value", CAST(AS_VARCHAR("f".VALUE[5]) AS VARCHAR) AS "new_value" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "cells";

INSERT INTO "roundtrip_audit"."cell_changes" (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value) VALUES (?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?);

INSERT INTO "roundtrip_audit"."changesets" (changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted, reverts) VALUES (?, CAST(? AS TIMESTAMP_TZ), ?, ?, ?, ?, ?,
    ?, ?, CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), ?);

INSERT INTO "roundtrip_audit"."rejections" (rejected_at, username, app, table_name, code, change_count, message)
        VALUES (CAST(? AS TIMESTAMP_TZ), ?, ?, ?, ?, ?, ?);

MERGE INTO "budget_lines" AS "t" USING (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "k0" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" ON "t"."line_id" = "s"."k0" WHEN MATCHED THEN DELETE;

SELECT "r".* FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(TRUE, FALSE)) AS "r" JOIN (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "k:line_id" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "wanted" ON "r"."line_id" = "wanted"."k:line_id";

SELECT "s"."__i" AS "__i" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "v:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:entity_id", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v:account_id", CAST(AS_VARCHAR("f".VALUE[4]) AS DATE) AS "v:period", CAST(AS_VARCHAR("f".VALUE[5]) AS DECIMAL(18,2)) AS "v:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."v:line_id";

SELECT "s"."__i" AS "__i" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "v:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:entity_id", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v:account_id", CAST(AS_VARCHAR("f".VALUE[4]) AS DATE) AS "v:period", CAST(AS_VARCHAR("f".VALUE[5]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[6]) AS VARCHAR) AS "v:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."v:line_id";

SELECT "s"."__i" AS "__i", "s"."v:line_id" AS "line_id", "s"."v:entity_id" AS "entity_id", "s"."v:account_id" AS "account_id", "s"."v:period" AS "period", "s"."v:amount" AS "amount", "s"."v:comment" AS "comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "v:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:entity_id", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v:account_id", CAST(AS_VARCHAR("f".VALUE[4]) AS DATE) AS "v:period", CAST(AS_VARCHAR("f".VALUE[5]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[6]) AS VARCHAR) AS "v:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE COALESCE(TRUE, FALSE) AND COALESCE((("s"."v:amount" <= ?) OR (("s"."v:comment" IS NOT NULL) AND (NOT "s"."v:comment" IS NOT DISTINCT FROM ?))), FALSE) AND NOT COALESCE("s"."v:period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE);

SELECT "s"."__i" AS "__i", "s"."v:line_id" AS "line_id", "s"."v:entity_id" AS "entity_id", "s"."v:account_id" AS "account_id", "s"."v:period" AS "period", "s"."v:amount" AS "amount", CAST(NULL AS VARCHAR) AS "comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "v:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:entity_id", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v:account_id", CAST(AS_VARCHAR("f".VALUE[4]) AS DATE) AS "v:period", CAST(AS_VARCHAR("f".VALUE[5]) AS DECIMAL(18,2)) AS "v:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE COALESCE(TRUE, FALSE) AND COALESCE((("s"."v:amount" <= ?) OR ((CAST(NULL AS VARCHAR) IS NOT NULL) AND (NOT CAST(NULL AS VARCHAR) IS NOT DISTINCT FROM ?))), FALSE) AND NOT COALESCE("s"."v:period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "s"."v:amount" AS "amount", "s"."v:comment" AS "comment", "t"."amount" AS "o:amount", "t"."comment" AS "o:comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v:comment", CAST(AS_VARCHAR("f".VALUE[4]) AS DECIMAL(18,2)) AS "e:amount", CAST(AS_VARCHAR("f".VALUE[5]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER))) AND "t"."amount" IS NOT DISTINCT FROM "s"."e:amount" AND "t"."comment" IS NOT DISTINCT FROM "s"."e:comment" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE((("s"."v:amount" <= ?) OR (("s"."v:comment" IS NOT NULL) AND (NOT "s"."v:comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "s"."v:amount" AS "amount", "t"."comment" AS "comment", "t"."amount" AS "o:amount" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[3]) AS DECIMAL(18,2)) AS "e:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."amount" IS NOT DISTINCT FROM "s"."e:amount" AND COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AND COALESCE((("s"."v:amount" <= ?) OR (("t"."comment" IS NOT NULL) AND (NOT "t"."comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "s"."v:amount" AS "amount", "t"."comment" AS "comment", "t"."amount" AS "o:amount" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[3]) AS DECIMAL(18,2)) AS "e:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."amount" IS NOT DISTINCT FROM "s"."e:amount" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE((("s"."v:amount" <= ?) OR (("t"."comment" IS NOT NULL) AND (NOT "t"."comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "t"."amount" AS "amount", "s"."v:comment" AS "comment", "t"."comment" AS "o:comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:comment", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER)) OR ("t"."line_id" = CAST(? AS INTEGER))) AND "t"."comment" IS NOT DISTINCT FROM "s"."e:comment" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE((("t"."amount" <= ?) OR (("s"."v:comment" IS NOT NULL) AND (NOT "s"."v:comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "t"."amount" AS "amount", "s"."v:comment" AS "comment", "t"."comment" AS "o:comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:comment", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."comment" IS NOT DISTINCT FROM "s"."e:comment" AND COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AND COALESCE((("t"."amount" <= ?) OR (("s"."v:comment" IS NOT NULL) AND (NOT "s"."v:comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "t"."amount" AS "amount", "s"."v:comment" AS "comment", "t"."comment" AS "o:comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:comment", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."comment" IS NOT DISTINCT FROM "s"."e:comment" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AND COALESCE(TRUE, FALSE) AND COALESCE((("t"."amount" <= ?) OR (("s"."v:comment" IS NOT NULL) AND (NOT "s"."v:comment" IS NOT DISTINCT FROM ?))), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "t"."amount" AS "amount", "t"."comment" AS "comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS DECIMAL(18,2)) AS "e:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."amount" IS NOT DISTINCT FROM "s"."e:amount" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE);

SELECT "s"."__i" AS "__i", "t"."line_id" AS "line_id", "t"."entity_id" AS "entity_id", "t"."account_id" AS "account_id", "t"."period" AS "period", "t"."amount" AS "amount", "t"."comment" AS "comment" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "e:entity_id", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "e:account_id", CAST(AS_VARCHAR("f".VALUE[4]) AS DATE) AS "e:period", CAST(AS_VARCHAR("f".VALUE[5]) AS DECIMAL(18,2)) AS "e:amount", CAST(AS_VARCHAR("f".VALUE[6]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id" WHERE (("t"."line_id" = CAST(? AS INTEGER))) AND "t"."entity_id" IS NOT DISTINCT FROM "s"."e:entity_id" AND "t"."account_id" IS NOT DISTINCT FROM "s"."e:account_id" AND "t"."period" IS NOT DISTINCT FROM "s"."e:period" AND "t"."amount" IS NOT DISTINCT FROM "s"."e:amount" AND "t"."comment" IS NOT DISTINCT FROM "s"."e:comment" AND COALESCE(TRUE, FALSE) AND NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE);

SELECT "s"."__i" AS "__i", CAST("t"."line_id" IS NOT NULL AS BOOLEAN) AS "found",
    CAST(COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AS BOOLEAN) AS "readable", CAST(COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AS BOOLEAN) AS "old_allowed", CAST(COALESCE(("t"."entity_id" IN (?, ?, ?, ?, ?)), FALSE) AS BOOLEAN) AS "new_allowed",
    CAST(NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AS BOOLEAN) AS "unlocked_old", CAST(TRUE AS BOOLEAN) AS "unlocked_new", CAST("t"."comment" AS VARCHAR) AS "a:comment", "t"."line_id" AS "r:line_id", "t"."entity_id" AS "r:entity_id", "t"."account_id" AS "r:account_id", "t"."period" AS "r:period", "t"."amount" AS "r:amount", "t"."comment" AS "r:comment"
    FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v:comment", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "e:comment" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" LEFT JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id";

SELECT "s"."__i" AS "__i", CAST("t"."line_id" IS NOT NULL AS BOOLEAN) AS "found",
    CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS "readable", CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS "old_allowed", CAST(COALESCE(TRUE, FALSE) AS BOOLEAN) AS "new_allowed",
    CAST(NOT COALESCE("t"."period" IN (SELECT "period" FROM "closed_periods" WHERE "period" IS NOT NULL), FALSE) AS BOOLEAN) AS "unlocked_old", CAST(TRUE AS BOOLEAN) AS "unlocked_new", CAST("t"."amount" AS VARCHAR) AS "a:amount", "t"."line_id" AS "r:line_id", "t"."entity_id" AS "r:entity_id", "t"."account_id" AS "r:account_id", "t"."period" AS "r:period", "t"."amount" AS "r:amount", "t"."comment" AS "r:comment"
    FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "__i", CAST(AS_VARCHAR("f".VALUE[1]) AS INTEGER) AS "k:line_id", CAST(AS_VARCHAR("f".VALUE[2]) AS DECIMAL(18,2)) AS "v:amount", CAST(AS_VARCHAR("f".VALUE[3]) AS DECIMAL(18,2)) AS "e:amount" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" LEFT JOIN "budget_lines" AS "t" ON "t"."line_id" = "s"."k:line_id";

SELECT (SELECT count(*) FROM "roundtrip_audit"."approval_requests" WHERE request_id = ? AND status = ? AND current_level = ?) AS unchanged,
        (SELECT coalesce(max(seq), 0) FROM "roundtrip_audit"."approval_steps" WHERE request_id = ?) AS last_seq;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(("entity_id" IN (?, ?, ?, ?, ?)), FALSE)) AS "q" ORDER BY "line_id" ASC NULLS LAST LIMIT ? OFFSET ?;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(("entity_id" IN (?, ?, ?, ?, ?)), FALSE)) AS "q" WHERE "entity_id" IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)) AND "amount" >= CAST(? AS DECIMAL(18,2)) AND "comment" IS NOT NULL AND (CONTAINS(LOWER(CAST("comment" AS VARCHAR)), LOWER(?))) ORDER BY "amount" DESC NULLS LAST LIMIT ? OFFSET ?;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(TRUE, FALSE)) AS "q" ORDER BY "line_id" ASC NULLS LAST LIMIT ? OFFSET ?;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(TRUE, FALSE)) AS "q" WHERE "entity_id" = CAST(? AS VARCHAR) LIMIT ? OFFSET ?;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(TRUE, FALSE)) AS "q" WHERE CONTAINS(LOWER(CAST("comment" AS VARCHAR)), LOWER(?)) LIMIT ? OFFSET ?;

SELECT * FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" AT(TIMESTAMP => CAST(? AS TIMESTAMP_TZ))) AS "t" WHERE COALESCE(TRUE, FALSE)) AS "q" ORDER BY "line_id" ASC NULLS LAST LIMIT ? OFFSET ?;

SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(? AS VARCHAR) IS NULL OR j.entity_id = CAST(? AS VARCHAR)
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(? AS VARCHAR) IS NULL OR b.entity_id = CAST(? AS VARCHAR)
) AS budget
) AS q WHERE FALSE;

SELECT 1 AS found FROM "roundtrip_audit"."changesets"
      WHERE user_id = ? AND idempotency_key = ?;

SELECT 1 AS pending FROM "roundtrip_audit"."changesets" WHERE seq IS NULL LIMIT ? OFFSET ?;

SELECT DISTINCT CAST("account_id" AS VARCHAR) AS v FROM "accounts" WHERE "account_id" IN (CAST(? AS VARCHAR));

SELECT DISTINCT CAST("entity_id" AS VARCHAR) AS v FROM "entities" WHERE "entity_id" IN (CAST(? AS VARCHAR));

SELECT c.changeset_id AS changeset_id, CAST(c.committed_at AS VARCHAR) AS at, c.username AS username, cc.op AS op, cc.column_name AS column_name,
                cc.old_value AS old_value, cc.new_value AS new_value, c.reason AS reason, c.reverts AS reverts,
                c.inserted + c.updated + c.deleted AS changeset_rows
          FROM "roundtrip_audit"."cell_changes" cc
          JOIN "roundtrip_audit"."changesets" c ON c.changeset_id = cc.changeset_id
         WHERE cc.table_name = ? AND cc.row_key = ?
         ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC
         LIMIT ? OFFSET ?;

SELECT cc.changeset_id AS changeset_id, CAST(c.committed_at AS VARCHAR) AS committed_at, c.username AS username, cc.op AS op, cc.row_key AS row_key,
               cc.column_name AS column_name, cc.old_value AS old_value, cc.new_value AS new_value
          FROM "roundtrip_audit"."cell_changes" cc
          JOIN "roundtrip_audit"."changesets" c ON c.changeset_id = cc.changeset_id
         WHERE cc.changeset_id = ?
         ORDER BY c.committed_at, c.changeset_id, cc.seq;

SELECT changeset_id FROM "roundtrip_audit"."changesets" WHERE reverts = ? ORDER BY committed_at, changeset_id;

SELECT changeset_id FROM "roundtrip_audit"."changesets" WHERE user_id = ? AND idempotency_key = ?;

SELECT changeset_id, CAST(committed_at AS VARCHAR) AS committed_at, user_id, username, app, table_name, reason,
      idempotency_key, request_hash, inserted, updated, deleted, seq, prev_hash, hash, reverts
      FROM "roundtrip_audit"."changesets" WHERE seq IS NULL ORDER BY committed_at, changeset_id LIMIT ? OFFSET ?;

SELECT changeset_id, CAST(committed_at AS VARCHAR) AS committed_at, username, app, table_name, reverts, reason, inserted, updated, deleted FROM "roundtrip_audit"."changesets" WHERE changeset_id = ?;

SELECT changeset_id, op, row_key, column_name, old_value, new_value FROM "roundtrip_audit"."cell_changes"
      WHERE changeset_id IN (?) ORDER BY changeset_id, seq;

SELECT changeset_id, request_hash, inserted + updated + deleted AS applied FROM "roundtrip_audit"."changesets"
         WHERE user_id = ? AND idempotency_key = ?;

SELECT count(*) AS "n", SUM("amount") AS "a0" FROM (SELECT "line_id", "entity_id", "account_id", "period", "amount", "comment" FROM "budget_lines" WHERE COALESCE(("entity_id" IN (?, ?, ?, ?, ?)), FALSE)) AS "q" WHERE "entity_id" IN (CAST(? AS VARCHAR), CAST(? AS VARCHAR)) AND "amount" >= CAST(? AS DECIMAL(18,2)) AND "comment" IS NOT NULL AND (CONTAINS(LOWER(CAST("comment" AS VARCHAR)), LOWER(?)));

SELECT entity_id, period, sum(amount) AS total
FROM budget_lines
GROUP BY entity_id, period
HAVING sum(amount) > 100000000;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS VARCHAR) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS VARCHAR) AS updated_at, (SELECT max(s.seq) FROM "roundtrip_audit"."approval_steps" s WHERE s.request_id = r.request_id) AS last_seq
          FROM "roundtrip_audit"."approval_requests" r
         WHERE 1 = 1 AND r.status IN (?)
         ORDER BY r.submitted_at DESC, r.request_id DESC
         LIMIT ? OFFSET ?;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS VARCHAR) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS VARCHAR) AS updated_at, (SELECT max(s.seq) FROM "roundtrip_audit"."approval_steps" s WHERE s.request_id = r.request_id) AS last_seq
          FROM "roundtrip_audit"."approval_requests" r
         WHERE r.request_id = ?
         ORDER BY r.submitted_at DESC, r.request_id DESC
         LIMIT ? OFFSET ?;

SELECT request_id, seq, action, level, actor, on_behalf_of, CAST(acted_at AS VARCHAR) AS acted_at, comment
            FROM "roundtrip_audit"."approval_steps"
           WHERE request_id IN (?) ORDER BY request_id, seq;

SELECT seq, last_hash FROM "roundtrip_audit"."chain_head" WHERE id = 1;

SELECT x.row_key AS row_key, x.column_name AS column_name, x.username AS username, CAST(x.committed_at AS VARCHAR) AS at FROM (
          SELECT cc.row_key AS row_key, cc.column_name AS column_name, c.username AS username, c.committed_at AS committed_at,
                 row_number() OVER (PARTITION BY cc.row_key, cc.column_name ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC) AS rn
            FROM "roundtrip_audit"."cell_changes" cc
            JOIN "roundtrip_audit"."changesets" c ON c.changeset_id = cc.changeset_id
            JOIN (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS VARCHAR) AS "row_key", CAST(AS_VARCHAR("f".VALUE[1]) AS VARCHAR) AS "column_name" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "q" ON cc.row_key = q.row_key AND cc.column_name = q.column_name
           WHERE cc.table_name = ?) x
        WHERE x.rn = 1;

UPDATE "budget_lines" AS "t" SET "amount" = "s"."v0" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "k0", CAST(AS_VARCHAR("f".VALUE[1]) AS DECIMAL(18,2)) AS "v0" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE "t"."line_id" = "s"."k0";

UPDATE "budget_lines" AS "t" SET "amount" = "s"."v0", "comment" = "s"."v1" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "k0", CAST(AS_VARCHAR("f".VALUE[1]) AS DECIMAL(18,2)) AS "v0", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v1" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE "t"."line_id" = "s"."k0";

UPDATE "budget_lines" AS "t" SET "comment" = "s"."v0" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS INTEGER) AS "k0", CAST(AS_VARCHAR("f".VALUE[1]) AS VARCHAR) AS "v0" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE "t"."line_id" = "s"."k0";

UPDATE "roundtrip_audit"."approval_requests" SET updated_at = CAST(? AS TIMESTAMP_TZ), current_level = ? WHERE request_id = ? AND status = ? AND current_level = ?;

UPDATE "roundtrip_audit"."approval_requests" SET updated_at = CAST(? AS TIMESTAMP_TZ), status = ?, changeset_id = ? WHERE request_id = ? AND status = ? AND current_level = ?;

UPDATE "roundtrip_audit"."approval_requests" SET updated_at = CAST(? AS TIMESTAMP_TZ), status = ?, current_level = ? WHERE request_id = ? AND status = ? AND current_level = ?;

UPDATE "roundtrip_audit"."chain_head" SET seq = ?, last_hash = ? WHERE id = 1;

UPDATE "roundtrip_audit"."changesets" AS "t" SET "seq" = "s"."v0", "prev_hash" = "s"."v1", "hash" = "s"."v2" FROM (SELECT CAST(AS_VARCHAR("f".VALUE[0]) AS VARCHAR) AS "k0", CAST(AS_VARCHAR("f".VALUE[1]) AS BIGINT) AS "v0", CAST(AS_VARCHAR("f".VALUE[2]) AS VARCHAR) AS "v1", CAST(AS_VARCHAR("f".VALUE[3]) AS VARCHAR) AS "v2" FROM TABLE(FLATTEN(INPUT => PARSE_JSON(?))) AS "f") AS "s" WHERE "t"."changeset_id" = "s"."k0";

WITH "budget_lines" AS (SELECT * FROM "public"."budget_lines" WHERE COALESCE(TRUE, FALSE)), "journal_lines" AS (SELECT * FROM "public"."journal_lines" WHERE COALESCE(TRUE, FALSE)) SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(? AS VARCHAR) IS NULL OR j.entity_id = CAST(? AS VARCHAR)
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(? AS VARCHAR) IS NULL OR b.entity_id = CAST(? AS VARCHAR)
) AS budget
) AS "q" LIMIT ? OFFSET ?;

SELECT "line_id", "amount" FROM "budget_lines" AT(TIMESTAMP => CAST(? AS TIMESTAMP_TZ));
