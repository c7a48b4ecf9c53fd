"""Ledger services."""
