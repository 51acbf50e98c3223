"""The portal's loan pages."""
