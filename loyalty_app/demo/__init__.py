"""Demo data for `make run` and the tests: two merchants with nine months of history."""

from .logins import (
    ADMIN_EMAIL,
    ATELIER_OWNER,
    ATELIER_STAFF,
    DEMO_PASSWORD,
    LUMIERE_OWNER,
    LUMIERE_STAFF,
    PINS,
    STAFF_PINS,
)

__all__ = [
    "ADMIN_EMAIL",
    "ATELIER_OWNER",
    "ATELIER_STAFF",
    "DEMO_PASSWORD",
    "LUMIERE_OWNER",
    "LUMIERE_STAFF",
    "PINS",
    "STAFF_PINS",
]
