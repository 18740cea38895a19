SELECT account_id, CONCAT(account_id, ' · ', name) AS label FROM accounts ORDER BY account_id
