-- Every statement Roundtrip's core sends to sqlserver, rendered by its dialect (test/warehouse/dialect-golden.test.ts).

-- warehouse migrations, in order

IF SCHEMA_ID(N'roundtrip_audit') IS NULL EXEC(N'CREATE SCHEMA [roundtrip_audit]');

IF OBJECT_ID(N'[roundtrip_audit].[roundtrip_migrations]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[roundtrip_migrations] ([id] NVARCHAR(450) NOT NULL, [applied_at] BIGINT NOT NULL, PRIMARY KEY ([id]))');

SELECT id FROM [roundtrip_audit].[roundtrip_migrations];

IF OBJECT_ID(N'[roundtrip_audit].[changesets]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[changesets] ([changeset_id] NVARCHAR(450) NOT NULL, [committed_at] DATETIMEOFFSET(6) NOT NULL, [user_id] NVARCHAR(450) NOT NULL, [username] NVARCHAR(MAX) NOT NULL, [app] NVARCHAR(MAX) NOT NULL, [table_name] NVARCHAR(MAX) NOT NULL, [reason] NVARCHAR(MAX), [idempotency_key] NVARCHAR(450), [request_hash] NVARCHAR(MAX) NOT NULL, [inserted] INT NOT NULL, [updated] INT NOT NULL, [deleted] INT NOT NULL, [seq] BIGINT, [prev_hash] NVARCHAR(MAX), [hash] NVARCHAR(MAX), [reverts] NVARCHAR(MAX), PRIMARY KEY ([changeset_id]))');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'changesets_seq_key' AND object_id = OBJECT_ID(N'[roundtrip_audit].[changesets]')) EXEC(N'CREATE UNIQUE INDEX [changesets_seq_key] ON [roundtrip_audit].[changesets] ([seq]) WHERE [seq] IS NOT NULL');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'changesets_user_id_idempotency_key_key' AND object_id = OBJECT_ID(N'[roundtrip_audit].[changesets]')) EXEC(N'CREATE UNIQUE INDEX [changesets_user_id_idempotency_key_key] ON [roundtrip_audit].[changesets] ([user_id], [idempotency_key]) WHERE [idempotency_key] IS NOT NULL');

IF OBJECT_ID(N'[roundtrip_audit].[chain_head]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[chain_head] ([id] INT NOT NULL, [seq] BIGINT NOT NULL, [last_hash] NVARCHAR(MAX) NOT NULL, PRIMARY KEY ([id]))');

IF OBJECT_ID(N'[roundtrip_audit].[rejections]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[rejections] ([rejected_at] DATETIMEOFFSET(6) NOT NULL, [username] NVARCHAR(MAX) NOT NULL, [app] NVARCHAR(MAX) NOT NULL, [table_name] NVARCHAR(MAX) NOT NULL, [code] NVARCHAR(MAX) NOT NULL, [change_count] INT NOT NULL, [message] NVARCHAR(MAX) NOT NULL)');

IF OBJECT_ID(N'[roundtrip_audit].[cell_changes]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[cell_changes] ([changeset_id] NVARCHAR(450) NOT NULL, [seq] INT NOT NULL, [op] NVARCHAR(MAX) NOT NULL, [table_name] NVARCHAR(MAX) NOT NULL, [row_key] NVARCHAR(MAX) NOT NULL, [column_name] NVARCHAR(MAX) NOT NULL, [old_value] NVARCHAR(MAX), [new_value] NVARCHAR(MAX), PRIMARY KEY ([changeset_id], [seq]))');

INSERT INTO [roundtrip_audit].[chain_head] (id, seq, last_hash) SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000' WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[chain_head]);

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

SELECT column_name FROM information_schema.columns
      WHERE table_schema = @p1 AND table_name = @p2 AND column_name IN ('seq', 'prev_hash', 'hash') AND is_nullable = 'NO';

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

IF OBJECT_ID(N'[roundtrip_audit].[exports]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[exports] ([exported_at] DATETIMEOFFSET(6) NOT NULL, [username] NVARCHAR(MAX) NOT NULL, [app] NVARCHAR(MAX) NOT NULL, [export_name] NVARCHAR(MAX) NOT NULL, [params] NVARCHAR(MAX) NOT NULL, [file_name] NVARCHAR(MAX) NOT NULL, [files] INT NOT NULL)');

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

IF OBJECT_ID(N'[roundtrip_audit].[row_comments]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[row_comments] ([comment_id] NVARCHAR(450) NOT NULL, [app] NVARCHAR(MAX) NOT NULL, [table_name] NVARCHAR(MAX) NOT NULL, [row_key] NVARCHAR(MAX) NOT NULL, [user_id] NVARCHAR(MAX) NOT NULL, [display_name] NVARCHAR(MAX) NOT NULL, [created_at] DATETIMEOFFSET(6) NOT NULL, [body] NVARCHAR(MAX) NOT NULL, [mentions] NVARCHAR(MAX) NOT NULL, PRIMARY KEY ([comment_id]))');

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

IF OBJECT_ID(N'[roundtrip_audit].[approval_requests]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[approval_requests] ([request_id] NVARCHAR(450) NOT NULL, [app] NVARCHAR(MAX) NOT NULL, [table_name] NVARCHAR(MAX) NOT NULL, [submitted_by] NVARCHAR(MAX) NOT NULL, [submitted_at] DATETIMEOFFSET(6) NOT NULL, [status] NVARCHAR(MAX) NOT NULL, [amount] FLOAT NOT NULL, [route] NVARCHAR(MAX) NOT NULL, [current_level] INT NOT NULL, [changes] NVARCHAR(MAX) NOT NULL, [reason] NVARCHAR(MAX), [resubmits] NVARCHAR(450), [changeset_id] NVARCHAR(MAX), [updated_at] DATETIMEOFFSET(6) NOT NULL, PRIMARY KEY ([request_id]))');

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'approval_requests_resubmits_key' AND object_id = OBJECT_ID(N'[roundtrip_audit].[approval_requests]')) EXEC(N'CREATE UNIQUE INDEX [approval_requests_resubmits_key] ON [roundtrip_audit].[approval_requests] ([resubmits]) WHERE [resubmits] IS NOT NULL');

IF OBJECT_ID(N'[roundtrip_audit].[approval_steps]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[approval_steps] ([request_id] NVARCHAR(450) NOT NULL, [seq] INT NOT NULL, [action] NVARCHAR(MAX) NOT NULL, [level] NVARCHAR(MAX), [actor] NVARCHAR(MAX) NOT NULL, [on_behalf_of] NVARCHAR(MAX), [acted_at] DATETIMEOFFSET(6) NOT NULL, [comment] NVARCHAR(MAX), PRIMARY KEY ([request_id], [seq]))');

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

IF OBJECT_ID(N'[roundtrip_audit].[admin_changes]', N'U') IS NULL EXEC(N'CREATE TABLE [roundtrip_audit].[admin_changes] ([change_id] NVARCHAR(450) NOT NULL, [changed_at] DATETIMEOFFSET(6) NOT NULL, [username] NVARCHAR(MAX) NOT NULL, [kind] NVARCHAR(MAX) NOT NULL, [target] NVARCHAR(MAX) NOT NULL, [old_value] NVARCHAR(MAX), [new_value] NVARCHAR(MAX), PRIMARY KEY ([change_id]))');

INSERT INTO [roundtrip_audit].[roundtrip_migrations] (id, applied_at) SELECT @p1, CAST(@p2 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM [roundtrip_audit].[roundtrip_migrations] WHERE id = @p3);

-- reads and writes of the demo scenario (test/support/statement-capture.ts), sorted

DELETE FROM [budget_lines] WHERE EXISTS (SELECT 1 FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0] FROM OPENJSON(@p1) AS r) AS [s] WHERE [budget_lines].[line_id] = [s].[k0]);

INSERT INTO [budget_lines] ([line_id], [entity_id], [account_id], [period], [amount]) SELECT [line_id], [entity_id], [account_id], [period], [amount] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [account_id], CAST(JSON_VALUE(r.[value], N'$[3]') AS DATE) AS [period], CAST(JSON_VALUE(r.[value], N'$[4]') AS DECIMAL(18,2)) AS [amount] FROM OPENJSON(@p1) AS r) AS [r];

INSERT INTO [budget_lines] ([line_id], [entity_id], [account_id], [period], [amount], [comment]) SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [account_id], CAST(JSON_VALUE(r.[value], N'$[3]') AS DATE) AS [period], CAST(JSON_VALUE(r.[value], N'$[4]') AS DECIMAL(18,2)) AS [amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'5') AS NVARCHAR(MAX)) AS [comment] FROM OPENJSON(@p1) AS r) AS [r];

INSERT INTO [roundtrip_audit].[approval_requests]
      (request_id, app, table_name, submitted_by, submitted_at, status, amount, route, current_level, changes, reason, resubmits, changeset_id, updated_at)
      VALUES (@p1, @p2, @p3, @p4, CAST(@p5 AS DATETIMEOFFSET(6)), @p6, @p7,
              @p8, @p9, @p10, @p11, @p12, @p13,
              CAST(@p14 AS DATETIMEOFFSET(6)));

INSERT INTO [roundtrip_audit].[approval_steps] (request_id, seq, action, level, actor, on_behalf_of, acted_at, comment)
    VALUES (@p1, @p2, @p3, @p4, @p5, @p6, CAST(@p7 AS DATETIMEOFFSET(6)), @p8);

INSERT INTO [roundtrip_audit].[cell_changes] (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value)
    SELECT @p1, cells.seq, cells.op, @p2, cells.row_key, cells.column_name, cells.old_value, cells.new_value FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [seq], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [op], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [row_key], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [column_name], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'4') AS NVARCHAR(MAX)) AS [old_value], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'5') AS NVARCHAR(MAX)) AS [new_value] FROM OPENJSON(@p3) AS r) AS [cells];

INSERT INTO [roundtrip_audit].[cell_changes] (changeset_id, seq, op, table_name, row_key, column_name, old_value, new_value) VALUES (@p1, CAST(@p2 AS INTEGER), @p3, @p4, @p5, @p6, @p7, @p8);

INSERT INTO [roundtrip_audit].[changesets] (changeset_id, committed_at, user_id, username, app, table_name, reason, idempotency_key, request_hash, inserted, updated, deleted, reverts) VALUES (@p1, CAST(@p2 AS DATETIMEOFFSET(6)), @p3, @p4, @p5, @p6, @p7,
    @p8, @p9, CAST(@p10 AS INTEGER), CAST(@p11 AS INTEGER), CAST(@p12 AS INTEGER), @p13);

INSERT INTO [roundtrip_audit].[rejections] (rejected_at, username, app, table_name, code, change_count, message)
        VALUES (CAST(@p1 AS DATETIMEOFFSET(6)), @p2, @p3, @p4, @p5, @p6, @p7);

SELECT (SELECT count(*) FROM [roundtrip_audit].[approval_requests] WHERE request_id = @p1 AND status = @p2 AND current_level = @p3) AS unchanged,
        (SELECT coalesce(max(seq), 0) FROM [roundtrip_audit].[approval_steps] WHERE request_id = @p4) AS last_seq;

SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(@p1 AS NVARCHAR(MAX)) IS NULL OR j.entity_id = CAST(@p2 AS NVARCHAR(MAX))
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(@p3 AS NVARCHAR(MAX)) IS NULL OR b.entity_id = CAST(@p4 AS NVARCHAR(MAX))
) AS budget
) AS q WHERE (1 = 0);

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE NOT (([line_id] = CAST(@p1 AS INT)) OR ([line_id] = CAST(@p2 AS INT)) OR ([line_id] = CAST(@p3 AS INT)) OR ([line_id] = CAST(@p4 AS INT)) OR ([line_id] = CAST(@p5 AS INT)) OR ([line_id] = CAST(@p6 AS INT)) OR ([line_id] = CAST(@p7 AS INT)) OR ([line_id] = CAST(@p8 AS INT)) OR ([line_id] = CAST(@p9 AS INT)) OR ([line_id] = CAST(@p10 AS INT)) OR ([line_id] = CAST(@p11 AS INT)) OR ([line_id] = CAST(@p12 AS INT)) OR ([line_id] = CAST(@p13 AS INT)) OR ([line_id] = CAST(@p14 AS INT)) OR ([line_id] = CAST(@p15 AS INT)) OR ([line_id] = CAST(@p16 AS INT)) OR ([line_id] = CAST(@p17 AS INT)) OR ([line_id] = CAST(@p18 AS INT)) OR ([line_id] = CAST(@p19 AS INT)) OR ([line_id] = CAST(@p20 AS INT)) OR ([line_id] = CAST(@p21 AS INT)) OR ([line_id] = CAST(@p22 AS INT)) OR ([line_id] = CAST(@p23 AS INT)) OR ([line_id] = CAST(@p24 AS INT)) OR ([line_id] = CAST(@p25 AS INT)) OR ([line_id] = CAST(@p26 AS INT)) OR ([line_id] = CAST(@p27 AS INT)) OR ([line_id] = CAST(@p28 AS INT)) OR ([line_id] = CAST(@p29 AS INT)) OR ([line_id] = CAST(@p30 AS INT)) OR ([line_id] = CAST(@p31 AS INT)) OR ([line_id] = CAST(@p32 AS INT))) UNION ALL SELECT CAST(@p33 AS INT) AS [line_id], CAST(@p34 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p35 AS NVARCHAR(MAX)) AS [account_id], CAST(@p36 AS DATE) AS [period], CAST(@p37 AS DECIMAL(18,2)) AS [amount], CAST(@p38 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p39 AS INT) AS [line_id], CAST(@p40 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p41 AS NVARCHAR(MAX)) AS [account_id], CAST(@p42 AS DATE) AS [period], CAST(@p43 AS DECIMAL(18,2)) AS [amount], CAST(@p44 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p45 AS INT) AS [line_id], CAST(@p46 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p47 AS NVARCHAR(MAX)) AS [account_id], CAST(@p48 AS DATE) AS [period], CAST(@p49 AS DECIMAL(18,2)) AS [amount], CAST(@p50 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p51 AS INT) AS [line_id], CAST(@p52 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p53 AS NVARCHAR(MAX)) AS [account_id], CAST(@p54 AS DATE) AS [period], CAST(@p55 AS DECIMAL(18,2)) AS [amount], CAST(@p56 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p57 AS INT) AS [line_id], CAST(@p58 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p59 AS NVARCHAR(MAX)) AS [account_id], CAST(@p60 AS DATE) AS [period], CAST(@p61 AS DECIMAL(18,2)) AS [amount], CAST(@p62 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p63 AS INT) AS [line_id], CAST(@p64 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p65 AS NVARCHAR(MAX)) AS [account_id], CAST(@p66 AS DATE) AS [period], CAST(@p67 AS DECIMAL(18,2)) AS [amount], CAST(@p68 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p69 AS INT) AS [line_id], CAST(@p70 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p71 AS NVARCHAR(MAX)) AS [account_id], CAST(@p72 AS DATE) AS [period], CAST(@p73 AS DECIMAL(18,2)) AS [amount], CAST(@p74 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p75 AS INT) AS [line_id], CAST(@p76 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p77 AS NVARCHAR(MAX)) AS [account_id], CAST(@p78 AS DATE) AS [period], CAST(@p79 AS DECIMAL(18,2)) AS [amount], CAST(@p80 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p81 AS INT) AS [line_id], CAST(@p82 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p83 AS NVARCHAR(MAX)) AS [account_id], CAST(@p84 AS DATE) AS [period], CAST(@p85 AS DECIMAL(18,2)) AS [amount], CAST(@p86 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p87 AS INT) AS [line_id], CAST(@p88 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p89 AS NVARCHAR(MAX)) AS [account_id], CAST(@p90 AS DATE) AS [period], CAST(@p91 AS DECIMAL(18,2)) AS [amount], CAST(@p92 AS NVARCHAR(MAX)) AS [comment] UNION ALL SELECT CAST(@p93 AS INT) AS [line_id], CAST(@p94 AS NVARCHAR(MAX)) AS [entity_id], CAST(@p95 AS NVARCHAR(MAX)) AS [account_id], CAST(@p96 AS DATE) AS [period], CAST(@p97 AS DECIMAL(18,2)) AS [amount], CAST(@p98 AS NVARCHAR(MAX)) AS [comment]) AS [t] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) AS [q] ORDER BY CASE WHEN [line_id] IS NULL THEN 1 ELSE 0 END, [line_id] ASC OFFSET @p99 ROWS FETCH NEXT @p100 ROWS ONLY;

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) AS [q] ORDER BY CASE WHEN [line_id] IS NULL THEN 1 ELSE 0 END, [line_id] ASC OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY;

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) AS [q] WHERE CHARINDEX(LOWER(@p1), LOWER(CAST([comment] AS NVARCHAR(MAX)))) > 0 ORDER BY (SELECT NULL) OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY;

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) AS [q] WHERE [entity_id] = CAST(@p1 AS NVARCHAR(MAX)) ORDER BY (SELECT NULL) OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY;

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN ([entity_id] IN (@p1, @p2, @p3, @p4, @p5)) THEN 1 ELSE 0 END = 1)) AS [q] ORDER BY CASE WHEN [line_id] IS NULL THEN 1 ELSE 0 END, [line_id] ASC OFFSET @p6 ROWS FETCH NEXT @p7 ROWS ONLY;

SELECT * FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN ([entity_id] IN (@p1, @p2, @p3, @p4, @p5)) THEN 1 ELSE 0 END = 1)) AS [q] WHERE [entity_id] IN (CAST(@p6 AS NVARCHAR(MAX)), CAST(@p7 AS NVARCHAR(MAX))) AND [amount] >= CAST(@p8 AS DECIMAL(18,2)) AND [comment] IS NOT NULL AND (CHARINDEX(LOWER(@p9), LOWER(CAST([comment] AS NVARCHAR(MAX)))) > 0) ORDER BY [amount] DESC OFFSET @p10 ROWS FETCH NEXT @p11 ROWS ONLY;

SELECT 1 AS found FROM [roundtrip_audit].[changesets]
      WHERE user_id = @p1 AND idempotency_key = @p2;

SELECT 1 AS pending FROM [roundtrip_audit].[changesets] WHERE seq IS NULL ORDER BY (SELECT NULL) OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY;

SELECT DISTINCT CAST([account_id] AS NVARCHAR(MAX)) AS v FROM [accounts] WHERE [account_id] IN (CAST(@p1 AS NVARCHAR(MAX)));

SELECT DISTINCT CAST([entity_id] AS NVARCHAR(MAX)) AS v FROM [entities] WHERE [entity_id] IN (CAST(@p1 AS NVARCHAR(MAX)));

SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE ([line_id] = CAST(@p1 AS INT)) OR ([line_id] = CAST(@p2 AS INT)) OR ([line_id] = CAST(@p3 AS INT)) OR ([line_id] = CAST(@p4 AS INT)) OR ([line_id] = CAST(@p5 AS INT)) OR ([line_id] = CAST(@p6 AS INT)) OR ([line_id] = CAST(@p7 AS INT)) OR ([line_id] = CAST(@p8 AS INT)) OR ([line_id] = CAST(@p9 AS INT)) OR ([line_id] = CAST(@p10 AS INT));

SELECT [r].* FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) AS [r] JOIN (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k:line_id] FROM OPENJSON(@p1) AS r) AS [wanted] ON [r].[line_id] = [wanted].[k:line_id];

SELECT [s].[__i] AS [__i] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [v:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v:account_id], CAST(JSON_VALUE(r.[value], N'$[4]') AS DATE) AS [v:period], CAST(JSON_VALUE(r.[value], N'$[5]') AS DECIMAL(18,2)) AS [v:amount] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[v:line_id];

SELECT [s].[__i] AS [__i] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [v:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v:account_id], CAST(JSON_VALUE(r.[value], N'$[4]') AS DATE) AS [v:period], CAST(JSON_VALUE(r.[value], N'$[5]') AS DECIMAL(18,2)) AS [v:amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'6') AS NVARCHAR(MAX)) AS [v:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[v:line_id];

SELECT [s].[__i] AS [__i], CAST(CASE WHEN [t].[line_id] IS NOT NULL THEN 1 ELSE 0 END AS BIT) AS [found],
    CAST(CASE WHEN (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [readable], CAST(CASE WHEN (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [old_allowed], CAST(CASE WHEN (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [new_allowed],
    CAST(CASE WHEN NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [unlocked_old], CAST(CASE WHEN (1 = 1) THEN 1 ELSE 0 END AS BIT) AS [unlocked_new], CAST([t].[amount] AS NVARCHAR(MAX)) AS [a:amount], [t].[line_id] AS [r:line_id], [t].[entity_id] AS [r:entity_id], [t].[account_id] AS [r:account_id], [t].[period] AS [r:period], [t].[amount] AS [r:amount], [t].[comment] AS [r:comment]
    FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST(JSON_VALUE(r.[value], N'$[2]') AS DECIMAL(18,2)) AS [v:amount], CAST(JSON_VALUE(r.[value], N'$[3]') AS DECIMAL(18,2)) AS [e:amount] FROM OPENJSON(@p1) AS r) AS [s] LEFT JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id];

SELECT [s].[__i] AS [__i], CAST(CASE WHEN [t].[line_id] IS NOT NULL THEN 1 ELSE 0 END AS BIT) AS [found],
    CAST(CASE WHEN (CASE WHEN ([t].[entity_id] IN (@p1, @p2, @p3, @p4, @p5)) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [readable], CAST(CASE WHEN (CASE WHEN ([t].[entity_id] IN (@p6, @p7, @p8, @p9, @p10)) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [old_allowed], CAST(CASE WHEN (CASE WHEN ([t].[entity_id] IN (@p11, @p12, @p13, @p14, @p15)) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [new_allowed],
    CAST(CASE WHEN NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) THEN 1 ELSE 0 END AS BIT) AS [unlocked_old], CAST(CASE WHEN (1 = 1) THEN 1 ELSE 0 END AS BIT) AS [unlocked_new], CAST([t].[comment] AS NVARCHAR(MAX)) AS [a:comment], [t].[line_id] AS [r:line_id], [t].[entity_id] AS [r:entity_id], [t].[account_id] AS [r:account_id], [t].[period] AS [r:period], [t].[amount] AS [r:amount], [t].[comment] AS [r:comment]
    FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:comment], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p16) AS r) AS [s] LEFT JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id];

SELECT [s].[__i] AS [__i], [s].[v:line_id] AS [line_id], [s].[v:entity_id] AS [entity_id], [s].[v:account_id] AS [account_id], [s].[v:period] AS [period], [s].[v:amount] AS [amount], CAST(NULL AS NVARCHAR(MAX)) AS [comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [v:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v:account_id], CAST(JSON_VALUE(r.[value], N'$[4]') AS DATE) AS [v:period], CAST(JSON_VALUE(r.[value], N'$[5]') AS DECIMAL(18,2)) AS [v:amount] FROM OPENJSON(@p1) AS r) AS [s] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([s].[v:amount] <= @p2) OR ((CAST(NULL AS NVARCHAR(MAX)) IS NOT NULL) AND (NOT (CAST(NULL AS NVARCHAR(MAX)) = @p3 OR (CAST(NULL AS NVARCHAR(MAX)) IS NULL AND @p4 IS NULL))))) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [s].[v:period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [s].[v:line_id] AS [line_id], [s].[v:entity_id] AS [entity_id], [s].[v:account_id] AS [account_id], [s].[v:period] AS [period], [s].[v:amount] AS [amount], [s].[v:comment] AS [comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [v:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v:account_id], CAST(JSON_VALUE(r.[value], N'$[4]') AS DATE) AS [v:period], CAST(JSON_VALUE(r.[value], N'$[5]') AS DECIMAL(18,2)) AS [v:amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'6') AS NVARCHAR(MAX)) AS [v:comment] FROM OPENJSON(@p1) AS r) AS [s] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([s].[v:amount] <= @p2) OR (([s].[v:comment] IS NOT NULL) AND (NOT ([s].[v:comment] = @p3 OR ([s].[v:comment] IS NULL AND @p4 IS NULL))))) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [s].[v:period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [s].[v:amount] AS [amount], [s].[v:comment] AS [comment], [t].[amount] AS [o:amount], [t].[comment] AS [o:comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST(JSON_VALUE(r.[value], N'$[2]') AS DECIMAL(18,2)) AS [v:amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v:comment], CAST(JSON_VALUE(r.[value], N'$[4]') AS DECIMAL(18,2)) AS [e:amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'5') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT)) OR ([t].[line_id] = CAST(@p3 AS INT)) OR ([t].[line_id] = CAST(@p4 AS INT))) AND ([t].[amount] = [s].[e:amount] OR ([t].[amount] IS NULL AND [s].[e:amount] IS NULL)) AND ([t].[comment] = [s].[e:comment] OR ([t].[comment] IS NULL AND [s].[e:comment] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([s].[v:amount] <= @p5) OR (([s].[v:comment] IS NOT NULL) AND (NOT ([s].[v:comment] = @p6 OR ([s].[v:comment] IS NULL AND @p7 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [s].[v:amount] AS [amount], [t].[comment] AS [comment], [t].[amount] AS [o:amount] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST(JSON_VALUE(r.[value], N'$[2]') AS DECIMAL(18,2)) AS [v:amount], CAST(JSON_VALUE(r.[value], N'$[3]') AS DECIMAL(18,2)) AS [e:amount] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[amount] = [s].[e:amount] OR ([t].[amount] IS NULL AND [s].[e:amount] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([s].[v:amount] <= @p3) OR (([t].[comment] IS NOT NULL) AND (NOT ([t].[comment] = @p4 OR ([t].[comment] IS NULL AND @p5 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [s].[v:amount] AS [amount], [t].[comment] AS [comment], [t].[amount] AS [o:amount] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST(JSON_VALUE(r.[value], N'$[2]') AS DECIMAL(18,2)) AS [v:amount], CAST(JSON_VALUE(r.[value], N'$[3]') AS DECIMAL(18,2)) AS [e:amount] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[amount] = [s].[e:amount] OR ([t].[amount] IS NULL AND [s].[e:amount] IS NULL)) AND (CASE WHEN ([t].[entity_id] IN (@p3, @p4, @p5, @p6, @p7)) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN ([t].[entity_id] IN (@p8, @p9, @p10, @p11, @p12)) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([s].[v:amount] <= @p13) OR (([t].[comment] IS NOT NULL) AND (NOT ([t].[comment] = @p14 OR ([t].[comment] IS NULL AND @p15 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [t].[amount] AS [amount], [s].[v:comment] AS [comment], [t].[comment] AS [o:comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:comment], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT)) OR ([t].[line_id] = CAST(@p3 AS INT)) OR ([t].[line_id] = CAST(@p4 AS INT)) OR ([t].[line_id] = CAST(@p5 AS INT)) OR ([t].[line_id] = CAST(@p6 AS INT)) OR ([t].[line_id] = CAST(@p7 AS INT)) OR ([t].[line_id] = CAST(@p8 AS INT))) AND ([t].[comment] = [s].[e:comment] OR ([t].[comment] IS NULL AND [s].[e:comment] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([t].[amount] <= @p9) OR (([s].[v:comment] IS NOT NULL) AND (NOT ([s].[v:comment] = @p10 OR ([s].[v:comment] IS NULL AND @p11 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [t].[amount] AS [amount], [s].[v:comment] AS [comment], [t].[comment] AS [o:comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:comment], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[comment] = [s].[e:comment] OR ([t].[comment] IS NULL AND [s].[e:comment] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([t].[amount] <= @p3) OR (([s].[v:comment] IS NOT NULL) AND (NOT ([s].[v:comment] = @p4 OR ([s].[v:comment] IS NULL AND @p5 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [t].[amount] AS [amount], [s].[v:comment] AS [comment], [t].[comment] AS [o:comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v:comment], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[comment] = [s].[e:comment] OR ([t].[comment] IS NULL AND [s].[e:comment] IS NULL)) AND (CASE WHEN ([t].[entity_id] IN (@p3, @p4, @p5, @p6, @p7)) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1) AND (CASE WHEN ([t].[entity_id] IN (@p8, @p9, @p10, @p11, @p12)) THEN 1 ELSE 0 END = 1) AND (CASE WHEN (([t].[amount] <= @p13) OR (([s].[v:comment] IS NOT NULL) AND (NOT ([s].[v:comment] = @p14 OR ([s].[v:comment] IS NULL AND @p15 IS NULL))))) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [t].[amount] AS [amount], [t].[comment] AS [comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [e:entity_id], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [e:account_id], CAST(JSON_VALUE(r.[value], N'$[4]') AS DATE) AS [e:period], CAST(JSON_VALUE(r.[value], N'$[5]') AS DECIMAL(18,2)) AS [e:amount], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'6') AS NVARCHAR(MAX)) AS [e:comment] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[entity_id] = [s].[e:entity_id] OR ([t].[entity_id] IS NULL AND [s].[e:entity_id] IS NULL)) AND ([t].[account_id] = [s].[e:account_id] OR ([t].[account_id] IS NULL AND [s].[e:account_id] IS NULL)) AND ([t].[period] = [s].[e:period] OR ([t].[period] IS NULL AND [s].[e:period] IS NULL)) AND ([t].[amount] = [s].[e:amount] OR ([t].[amount] IS NULL AND [s].[e:amount] IS NULL)) AND ([t].[comment] = [s].[e:comment] OR ([t].[comment] IS NULL AND [s].[e:comment] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1);

SELECT [s].[__i] AS [__i], [t].[line_id] AS [line_id], [t].[entity_id] AS [entity_id], [t].[account_id] AS [account_id], [t].[period] AS [period], [t].[amount] AS [amount], [t].[comment] AS [comment] FROM (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [__i], CAST(JSON_VALUE(r.[value], N'$[1]') AS INT) AS [k:line_id], CAST(JSON_VALUE(r.[value], N'$[2]') AS DECIMAL(18,2)) AS [e:amount] FROM OPENJSON(@p1) AS r) AS [s] JOIN [budget_lines] AS [t] ON [t].[line_id] = [s].[k:line_id] WHERE (([t].[line_id] = CAST(@p2 AS INT))) AND ([t].[amount] = [s].[e:amount] OR ([t].[amount] IS NULL AND [s].[e:amount] IS NULL)) AND (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1) AND NOT (CASE WHEN [t].[period] IN (SELECT [period] FROM [closed_periods] WHERE [period] IS NOT NULL) THEN 1 ELSE 0 END = 1);

SELECT c.changeset_id AS changeset_id, CAST(c.committed_at AS NVARCHAR(MAX)) AS at, c.username AS username, cc.op AS op, cc.column_name AS column_name,
                cc.old_value AS old_value, cc.new_value AS new_value, c.reason AS reason, c.reverts AS reverts,
                c.inserted + c.updated + c.deleted AS changeset_rows
          FROM [roundtrip_audit].[cell_changes] cc
          JOIN [roundtrip_audit].[changesets] c ON c.changeset_id = cc.changeset_id
         WHERE cc.table_name = @p1 AND cc.row_key = @p2
         ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC
         OFFSET @p3 ROWS FETCH NEXT @p4 ROWS ONLY;

SELECT cc.changeset_id AS changeset_id, CAST(c.committed_at AS NVARCHAR(MAX)) AS committed_at, c.username AS username, cc.op AS op, cc.row_key AS row_key,
               cc.column_name AS column_name, cc.old_value AS old_value, cc.new_value AS new_value
          FROM [roundtrip_audit].[cell_changes] cc
          JOIN [roundtrip_audit].[changesets] c ON c.changeset_id = cc.changeset_id
         WHERE c.table_name = @p1 AND c.committed_at > CAST(@p2 AS DATETIMEOFFSET(6))
         ORDER BY c.committed_at, c.changeset_id, cc.seq;

SELECT cc.changeset_id AS changeset_id, CAST(c.committed_at AS NVARCHAR(MAX)) AS committed_at, c.username AS username, cc.op AS op, cc.row_key AS row_key,
               cc.column_name AS column_name, cc.old_value AS old_value, cc.new_value AS new_value
          FROM [roundtrip_audit].[cell_changes] cc
          JOIN [roundtrip_audit].[changesets] c ON c.changeset_id = cc.changeset_id
         WHERE cc.changeset_id = @p1
         ORDER BY c.committed_at, c.changeset_id, cc.seq;

SELECT changeset_id FROM [roundtrip_audit].[changesets] WHERE reverts = @p1 ORDER BY committed_at, changeset_id;

SELECT changeset_id FROM [roundtrip_audit].[changesets] WHERE user_id = @p1 AND idempotency_key = @p2;

SELECT changeset_id, CAST(committed_at AS NVARCHAR(MAX)) AS committed_at, user_id, username, app, table_name, reason,
      idempotency_key, request_hash, inserted, updated, deleted, seq, prev_hash, hash, reverts
      FROM [roundtrip_audit].[changesets] WHERE seq IS NULL ORDER BY committed_at, changeset_id OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY;

SELECT changeset_id, CAST(committed_at AS NVARCHAR(MAX)) AS committed_at, username, app, table_name, reverts, reason, inserted, updated, deleted FROM [roundtrip_audit].[changesets] WHERE changeset_id = @p1;

SELECT changeset_id, op, row_key, column_name, old_value, new_value FROM [roundtrip_audit].[cell_changes]
      WHERE changeset_id IN (@p1) ORDER BY changeset_id, seq;

SELECT changeset_id, request_hash, inserted + updated + deleted AS applied FROM [roundtrip_audit].[changesets]
         WHERE user_id = @p1 AND idempotency_key = @p2;

SELECT count(*) AS [n], SUM([amount]) AS [a0] FROM (SELECT [line_id], [entity_id], [account_id], [period], [amount], [comment] FROM [budget_lines] WHERE (CASE WHEN ([entity_id] IN (@p1, @p2, @p3, @p4, @p5)) THEN 1 ELSE 0 END = 1)) AS [q] WHERE [entity_id] IN (CAST(@p6 AS NVARCHAR(MAX)), CAST(@p7 AS NVARCHAR(MAX))) AND [amount] >= CAST(@p8 AS DECIMAL(18,2)) AND [comment] IS NOT NULL AND (CHARINDEX(LOWER(@p9), LOWER(CAST([comment] AS NVARCHAR(MAX)))) > 0);

SELECT entity_id, period, sum(amount) AS total
FROM budget_lines
GROUP BY entity_id, period
HAVING sum(amount) > 100000000;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS NVARCHAR(MAX)) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS NVARCHAR(MAX)) AS updated_at, (SELECT max(s.seq) FROM [roundtrip_audit].[approval_steps] s WHERE s.request_id = r.request_id) AS last_seq
          FROM [roundtrip_audit].[approval_requests] r
         WHERE 1 = 1 AND r.status IN (@p1)
         ORDER BY r.submitted_at DESC, r.request_id DESC
         OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY;

SELECT r.request_id, r.app, r.table_name, r.submitted_by, CAST(r.submitted_at AS NVARCHAR(MAX)) AS submitted_at, r.status, r.amount, r.route,
  r.current_level, r.changes, r.reason, r.resubmits, r.changeset_id, CAST(r.updated_at AS NVARCHAR(MAX)) AS updated_at, (SELECT max(s.seq) FROM [roundtrip_audit].[approval_steps] s WHERE s.request_id = r.request_id) AS last_seq
          FROM [roundtrip_audit].[approval_requests] r
         WHERE r.request_id = @p1
         ORDER BY r.submitted_at DESC, r.request_id DESC
         OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY;

SELECT request_id, seq, action, level, actor, on_behalf_of, CAST(acted_at AS NVARCHAR(MAX)) AS acted_at, comment
            FROM [roundtrip_audit].[approval_steps]
           WHERE request_id IN (@p1) ORDER BY request_id, seq;

SELECT seq, last_hash FROM [roundtrip_audit].[chain_head] WHERE id = 1;

SELECT x.row_key AS row_key, x.column_name AS column_name, x.username AS username, CAST(x.committed_at AS NVARCHAR(MAX)) AS at FROM (
          SELECT cc.row_key AS row_key, cc.column_name AS column_name, c.username AS username, c.committed_at AS committed_at,
                 row_number() OVER (PARTITION BY cc.row_key, cc.column_name ORDER BY c.committed_at DESC, c.changeset_id DESC, cc.seq DESC) AS rn
            FROM [roundtrip_audit].[cell_changes] cc
            JOIN [roundtrip_audit].[changesets] c ON c.changeset_id = cc.changeset_id
            JOIN (SELECT CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'0') AS NVARCHAR(MAX)) AS [row_key], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [column_name] FROM OPENJSON(@p1) AS r) AS [q] ON cc.row_key = q.row_key AND cc.column_name = q.column_name
           WHERE cc.table_name = @p2) x
        WHERE x.rn = 1;

UPDATE [roundtrip_audit].[approval_requests] SET updated_at = CAST(@p1 AS DATETIMEOFFSET(6)), current_level = @p2 WHERE request_id = @p3 AND status = @p4 AND current_level = @p5;

UPDATE [roundtrip_audit].[approval_requests] SET updated_at = CAST(@p1 AS DATETIMEOFFSET(6)), status = @p2, changeset_id = @p3 WHERE request_id = @p4 AND status = @p5 AND current_level = @p6;

UPDATE [roundtrip_audit].[approval_requests] SET updated_at = CAST(@p1 AS DATETIMEOFFSET(6)), status = @p2, current_level = @p3 WHERE request_id = @p4 AND status = @p5 AND current_level = @p6;

UPDATE [roundtrip_audit].[chain_head] SET seq = @p1, last_hash = @p2 WHERE id = 1;

UPDATE [t] SET [amount] = [s].[v0] FROM [budget_lines] AS [t], (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0], CAST(JSON_VALUE(r.[value], N'$[1]') AS DECIMAL(18,2)) AS [v0] FROM OPENJSON(@p1) AS r) AS [s] WHERE [t].[line_id] = [s].[k0];

UPDATE [t] SET [amount] = [s].[v0], [comment] = [s].[v1] FROM [budget_lines] AS [t], (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0], CAST(JSON_VALUE(r.[value], N'$[1]') AS DECIMAL(18,2)) AS [v0], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v1] FROM OPENJSON(@p1) AS r) AS [s] WHERE [t].[line_id] = [s].[k0];

UPDATE [t] SET [comment] = [s].[v0] FROM [budget_lines] AS [t], (SELECT CAST(JSON_VALUE(r.[value], N'$[0]') AS INT) AS [k0], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'1') AS NVARCHAR(MAX)) AS [v0] FROM OPENJSON(@p1) AS r) AS [s] WHERE [t].[line_id] = [s].[k0];

UPDATE [t] SET [seq] = [s].[v0], [prev_hash] = [s].[v1], [hash] = [s].[v2] FROM [roundtrip_audit].[changesets] AS [t], (SELECT CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'0') AS NVARCHAR(MAX)) AS [k0], CAST(JSON_VALUE(r.[value], N'$[1]') AS BIGINT) AS [v0], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'2') AS NVARCHAR(MAX)) AS [v1], CAST((SELECT e.[value] FROM OPENJSON(r.[value]) AS e WHERE e.[key] = N'3') AS NVARCHAR(MAX)) AS [v2] FROM OPENJSON(@p1) AS r) AS [s] WHERE [t].[changeset_id] = [s].[k0];

WITH [budget_lines] AS (SELECT * FROM [dbo].[budget_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)), [journal_lines] AS (SELECT * FROM [dbo].[journal_lines] WHERE (CASE WHEN (1 = 1) THEN 1 ELSE 0 END = 1)) SELECT * FROM (SELECT CAST(actual.v AS DECIMAL(18,2)) AS actual,
       CAST(budget.v AS DECIMAL(18,2)) AS budget,
       CAST(actual.v - budget.v AS DECIMAL(18,2)) AS variance
FROM (
  SELECT sum(j.amount * p.sign) AS v
  FROM journal_lines j
  JOIN account_pl_map m ON m.account_id = j.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(@p1 AS NVARCHAR(MAX)) IS NULL OR j.entity_id = CAST(@p2 AS NVARCHAR(MAX))
) AS actual, (
  SELECT sum(b.amount * p.sign) AS v
  FROM budget_lines b
  JOIN account_pl_map m ON m.account_id = b.account_id
  JOIN pl_lines p ON p.pl_line_id = m.pl_line_id
  WHERE CAST(@p3 AS NVARCHAR(MAX)) IS NULL OR b.entity_id = CAST(@p4 AS NVARCHAR(MAX))
) AS budget
) AS [q] ORDER BY (SELECT NULL) OFFSET @p5 ROWS FETCH NEXT @p6 ROWS ONLY;

SELECT [line_id], [amount] FROM [budget_lines] FOR SYSTEM_TIME AS OF CAST(SWITCHOFFSET(CAST(@p1 AS DATETIMEOFFSET(6)), '+00:00') AS DATETIME2);
