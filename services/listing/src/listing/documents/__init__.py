"""Documents — 文书: the printable, verifiable documents listing issues (受理回执)."""
