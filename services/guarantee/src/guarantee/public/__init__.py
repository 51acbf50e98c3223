"""public area: what anyone may read without a token."""
