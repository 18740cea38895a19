WITH s AS (SELECT * FROM scenarios WHERE scenario_id = :scenario),
cand AS (
  SELECT model AS vehicle, price, range_km, battery_kwh FROM ev_models WHERE segment = (SELECT segment FROM s)
  UNION ALL SELECT name, price, range_km, battery_kwh FROM s
)
SELECT vehicle, CAST(range_km * 100.0 / price * 1000 + battery_kwh AS DECIMAL(12,2)) AS score
FROM cand ORDER BY score DESC
