"""Health services."""
