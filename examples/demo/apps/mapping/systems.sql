SELECT DISTINCT source_system FROM product_sources ORDER BY source_system
