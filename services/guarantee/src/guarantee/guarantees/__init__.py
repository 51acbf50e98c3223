"""guarantees area."""
