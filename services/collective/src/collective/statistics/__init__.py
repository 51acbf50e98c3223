"""statistics area: the homestead reform's figures per county (Z13, X7)."""
