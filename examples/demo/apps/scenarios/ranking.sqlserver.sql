-- SQL Server's spelling of ranking.sql: the dataset runs inside a derived table there, where WITH
-- cannot stand and ORDER BY needs OFFSET. The segment's averages are window aggregates over the
-- market (one pass, no second copy of it), in FLOAT: T-SQL's POWER answers in its argument's type.
SELECT CAST(rank() OVER (ORDER BY value DESC) AS INTEGER) AS position, vehicle, maker, price, range_km, lease_monthly, is_scenario,
       CAST(round(value, 1) AS DECIMAL(8,1)) AS score,
       CAST(round(100 * power(value, 4) / sum(power(value, 4)) OVER (), 1) AS DECIMAL(5,1)) AS share_pct,
       CAST(round(power(value, 4) / sum(power(value, 4)) OVER () * volume.monthly, 0) AS INTEGER) AS registrations_month
FROM (
  SELECT m.*, 100 * power(m.range_km / avg(CAST(m.range_km AS FLOAT)) OVER (), 0.7)
                  * power(avg(CAST(m.price AS FLOAT)) OVER () / m.price, 1.3)
                  * power(avg(CAST(m.lease_monthly AS FLOAT)) OVER () / m.lease_monthly, 0.4) AS value
  FROM (
    SELECT model AS vehicle, maker, price, range_km, lease_monthly, 0 AS is_scenario FROM ev_models
    WHERE segment = (SELECT segment FROM scenarios WHERE scenario_id = :scenario)
    UNION ALL SELECT name, 'Scenario', price, range_km, lease_monthly, 1 FROM scenarios WHERE scenario_id = :scenario
  ) AS m
) AS scored
CROSS JOIN (
  SELECT sum(r.registrations) / 12.0 AS monthly FROM ev_registrations r JOIN ev_models e ON e.model_id = r.model_id
  WHERE e.segment = (SELECT segment FROM scenarios WHERE scenario_id = :scenario) AND r.month_no > 12
) AS volume
ORDER BY value DESC
OFFSET 0 ROWS
