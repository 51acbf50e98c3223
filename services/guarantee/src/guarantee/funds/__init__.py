"""funds area."""
