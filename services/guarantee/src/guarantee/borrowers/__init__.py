"""borrowers area."""
