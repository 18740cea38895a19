-- The scenario vehicle against its segment: value score (range, price and leasing
-- rate against the segment's averages), rank, and estimated share of the segment's
-- monthly registrations (share of score^4, a simple logit-like choice model).
WITH s AS (SELECT * FROM scenarios WHERE scenario_id = :scenario),
market AS (
  SELECT model AS vehicle, maker, price, range_km, lease_monthly, 0 AS is_scenario FROM ev_models WHERE segment = (SELECT segment FROM s)
  UNION ALL SELECT name, 'Scenario', price, range_km, lease_monthly, 1 FROM s
),
averages AS (SELECT avg(price * 1.0) AS price, avg(range_km * 1.0) AS range_km, avg(lease_monthly * 1.0) AS lease FROM market),
scored AS (
  SELECT m.*, 100 * power(m.range_km / a.range_km, 0.7) * power(a.price / m.price, 1.3) * power(a.lease / m.lease_monthly, 0.4) AS value
  FROM market m CROSS JOIN averages a
),
volume AS (
  SELECT sum(r.registrations) / 12.0 AS monthly FROM ev_registrations r JOIN ev_models m ON m.model_id = r.model_id
  WHERE m.segment = (SELECT segment FROM s) AND r.month_no > 12
)
SELECT CAST(rank() OVER (ORDER BY value DESC) AS INTEGER) AS position, vehicle, maker, price, range_km, lease_monthly, is_scenario,
       CAST(round(value, 1) AS DECIMAL(8,1)) AS score,
       CAST(round(100 * power(value, 4) / sum(power(value, 4)) OVER (), 1) AS DECIMAL(5,1)) AS share_pct,
       CAST(round(power(value, 4) / sum(power(value, 4)) OVER () * (SELECT monthly FROM volume), 0) AS INTEGER) AS registrations_month
FROM scored
ORDER BY value DESC
