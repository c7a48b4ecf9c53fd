"""Business rules: plain functions that take a session, validate, lock, write the ledger and commit."""
