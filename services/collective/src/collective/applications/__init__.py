"""applications area: the homestead application and approval chain (Z3)."""
