"""resolutions area."""
