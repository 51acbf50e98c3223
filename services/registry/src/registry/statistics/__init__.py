"""Two-rights mortgage pilot statistics — 两权抵押试点专项统计 (DOMAIN R24)."""
