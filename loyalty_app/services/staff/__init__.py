"""Staff services."""
