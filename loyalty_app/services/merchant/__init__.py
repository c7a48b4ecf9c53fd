"""Merchant services."""
