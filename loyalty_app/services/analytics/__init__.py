"""Analytics services."""
