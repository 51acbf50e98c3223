"""The portal's buyer pages."""
