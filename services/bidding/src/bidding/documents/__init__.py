"""Documents — 文书: the printable, verifiable documents bidding issues (成交确认书)."""
