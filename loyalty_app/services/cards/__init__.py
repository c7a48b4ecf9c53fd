"""Cards services."""
