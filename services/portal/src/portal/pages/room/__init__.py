"""The portal's room pages."""
