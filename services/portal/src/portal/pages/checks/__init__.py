"""The exchange centre's L9 and L15 checks — 核查."""
