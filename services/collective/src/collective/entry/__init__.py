"""Collective construction land entering the market — 集体经营性建设用地入市 (DOMAIN E)."""
