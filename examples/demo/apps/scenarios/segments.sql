SELECT DISTINCT segment FROM ev_models ORDER BY segment
