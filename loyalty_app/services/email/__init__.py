"""Email services."""
