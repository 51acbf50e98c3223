"""The portal's publicity pages."""
