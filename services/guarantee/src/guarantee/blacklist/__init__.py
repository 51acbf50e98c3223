"""blacklist area."""
