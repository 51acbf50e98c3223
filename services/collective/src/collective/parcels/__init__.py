"""parcels area."""
