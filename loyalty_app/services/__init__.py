"""Business rules: plain functions that take a session, validate, lock, write the ledger and commit."""

# Registered here so that no process can emit a service event without its handlers.
from loyalty_app.services import notifications  # noqa: F401,E402
