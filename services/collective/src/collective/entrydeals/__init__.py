"""入市 after the trade — 成交公示、合同、备案、专户、调节金、分配 (DOMAIN E9, E11–E13)."""
