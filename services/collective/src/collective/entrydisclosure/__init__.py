"""入市信息公开 — the public disclosure of land entering the market (DOMAIN E16, E11)."""
