"""qualifications area."""
