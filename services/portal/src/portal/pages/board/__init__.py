"""The portal's board pages."""
