"""income area: the homestead income split and its dividends (Z11)."""
