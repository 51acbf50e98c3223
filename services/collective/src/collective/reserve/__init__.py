"""reserve area: the collective's homestead reserve and reallocation (Z10)."""
