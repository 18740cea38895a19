-- SQL Server's spelling of account-options.sql: the dataset runs inside a derived table there, where ORDER BY
-- needs OFFSET.
SELECT account_id, CONCAT(account_id, N' · ', name) AS label FROM accounts ORDER BY account_id
OFFSET 0 ROWS
