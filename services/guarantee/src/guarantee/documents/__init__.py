"""Documents — 文书: the printable, verifiable documents the guarantee service issues
(劝耕贷公示, 代偿通知)."""
