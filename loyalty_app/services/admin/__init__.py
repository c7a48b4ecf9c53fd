"""Admin services."""
