"""inheritance area: a homestead after its holder's death (Z8)."""
