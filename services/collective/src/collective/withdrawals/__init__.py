"""withdrawals area: voluntary paid withdrawal of a homestead (Z7)."""
