"""Tasks services."""
