"""The portal's account pages."""
