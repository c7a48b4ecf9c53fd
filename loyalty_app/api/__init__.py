"""The REST API under /api/v1 (FastAPI), mounted in front of the Reflex app."""
