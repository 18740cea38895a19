-- SQL Server's spelling of compare.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand and ORDER BY needs OFFSET. Each segment's averages are window aggregates over its
-- market, in FLOAT: T-SQL's POWER answers in its argument's type.
SELECT p.scenario_id, p.name, p.segment, p.price, p.range_km, p.battery_kwh, p.lease_monthly, p.lease_months,
       CAST(r.position AS INTEGER) AS position, CAST(r.vehicles AS INTEGER) AS vehicles,
       CAST(round(r.value, 1) AS DECIMAL(8,1)) AS score, CAST(round(100 * r.share, 1) AS DECIMAL(5,1)) AS share_pct,
       CAST(round(100 * (p.price / r.segment_price - 1), 1) AS DECIMAL(6,1)) AS price_vs_segment_pct
FROM scenarios p
JOIN (
  SELECT scored.*, rank() OVER (PARTITION BY scenario_id ORDER BY value DESC) AS position,
         count(*) OVER (PARTITION BY scenario_id) AS vehicles,
         power(value, 4) / sum(power(value, 4)) OVER (PARTITION BY scenario_id) AS share
  FROM (
    SELECT m.*, avg(CAST(m.price AS FLOAT)) OVER (PARTITION BY m.scenario_id) AS segment_price,
           100 * power(m.range_km / avg(CAST(m.range_km AS FLOAT)) OVER (PARTITION BY m.scenario_id), 0.7)
               * power(avg(CAST(m.price AS FLOAT)) OVER (PARTITION BY m.scenario_id) / m.price, 1.3)
               * power(avg(CAST(m.lease_monthly AS FLOAT)) OVER (PARTITION BY m.scenario_id) / m.lease_monthly, 0.4) AS value
    FROM (
      SELECT s.scenario_id, e.model AS vehicle, e.price, e.range_km, e.lease_monthly, 0 AS is_scenario
      FROM scenarios s JOIN ev_models e ON e.segment = s.segment
      WHERE s.scenario_id IN (:scenario, :other)
      UNION ALL SELECT scenario_id, name, price, range_km, lease_monthly, 1 FROM scenarios WHERE scenario_id IN (:scenario, :other)
    ) AS m
  ) AS scored
) AS r ON r.scenario_id = p.scenario_id AND r.is_scenario = 1
WHERE p.scenario_id IN (:scenario, :other)
ORDER BY p.scenario_id
OFFSET 0 ROWS
