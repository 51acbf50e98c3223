"""shares area: the collective's share register (股权, Z11)."""
