-- Each chosen scenario's specification and its position in its segment (same
-- value score and share model as ranking.sql): one row per scenario, side by side.
WITH picked AS (SELECT * FROM scenarios WHERE scenario_id IN (:scenario, :other)),
market AS (
  SELECT p.scenario_id AS scenario_id, m.model AS vehicle, m.price AS price, m.range_km AS range_km, m.lease_monthly AS lease_monthly, 0 AS is_scenario
  FROM picked p JOIN ev_models m ON m.segment = p.segment
  UNION ALL SELECT scenario_id, name, price, range_km, lease_monthly, 1 FROM picked
),
averages AS (
  SELECT scenario_id, avg(price * 1.0) AS avg_price, avg(range_km * 1.0) AS avg_range, avg(lease_monthly * 1.0) AS avg_lease FROM market GROUP BY scenario_id
),
scored AS (
  SELECT m.*, a.avg_price AS segment_price,
         100 * power(m.range_km / a.avg_range, 0.7) * power(a.avg_price / m.price, 1.3) * power(a.avg_lease / m.lease_monthly, 0.4) AS value
  FROM market m JOIN averages a ON a.scenario_id = m.scenario_id
),
ranked AS (
  SELECT scored.*, rank() OVER (PARTITION BY scenario_id ORDER BY value DESC) AS position, count(*) OVER (PARTITION BY scenario_id) AS vehicles,
         power(value, 4) / sum(power(value, 4)) OVER (PARTITION BY scenario_id) AS share
  FROM scored
)
SELECT p.scenario_id, p.name, p.segment, p.price, p.range_km, p.battery_kwh, p.lease_monthly, p.lease_months,
       CAST(r.position AS INTEGER) AS position, CAST(r.vehicles AS INTEGER) AS vehicles,
       CAST(round(r.value, 1) AS DECIMAL(8,1)) AS score, CAST(round(100 * r.share, 1) AS DECIMAL(5,1)) AS share_pct,
       CAST(round(100 * (p.price / r.segment_price - 1), 1) AS DECIMAL(6,1)) AS price_vs_segment_pct
FROM picked p JOIN ranked r ON r.scenario_id = p.scenario_id AND r.is_scenario = 1
ORDER BY p.scenario_id
