"""Wallet services."""
