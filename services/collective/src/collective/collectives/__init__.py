"""collectives area."""
