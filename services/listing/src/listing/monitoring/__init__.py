"""Market monitoring — 市场监测 (L25)."""
