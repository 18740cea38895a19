SELECT pl_line_id, name FROM pl_lines ORDER BY sort_order
