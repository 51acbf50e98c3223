"""contracts area: the county's versioned model contracts (Z14)."""
