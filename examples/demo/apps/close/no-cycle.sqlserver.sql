-- Gate no_cycle on SQL Server: a recursive WITH has no RECURSIVE keyword there.
WITH walk AS (
  SELECT group_id AS start_id, parent_group_id AS group_id, 1 AS depth FROM pl_groups WHERE parent_group_id IS NOT NULL
  UNION ALL
  SELECT w.start_id, g.parent_group_id, w.depth + 1 FROM walk w JOIN pl_groups g ON g.group_id = w.group_id
  WHERE g.parent_group_id IS NOT NULL AND w.depth < 20
)
SELECT DISTINCT start_id AS group_id FROM walk WHERE group_id = start_id
