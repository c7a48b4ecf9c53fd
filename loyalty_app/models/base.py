"""Column types and helpers shared by every table."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field


def utcnow() -> datetime:
    """Current time, timezone-aware UTC; used as a default_factory so it runs per row."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC that always reads back timezone-aware (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def created_at_field():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def timestamp_field(index: bool = False):
    return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
