"""Registry's liens as the collective follows them — 抵押权投影 (Z5, Z7)."""
