"""入市统计 — the E statistics filed through X7 (DOMAIN E4, E11–E13, X7)."""
