"""How the admin console writes values: times in UTC in the reader's locale, numbers, JSON."""

import json
from datetime import datetime

from ...i18n import formats


def when(moment: datetime | None, locale: str) -> str:
    return f"{formats.day_and_time(moment, 'UTC', locale)} UTC" if moment else ""


def number(value: int | None, locale: str) -> str:
    return formats.number(value or 0, locale)


def as_json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str) if value is not None else ""


def compact(value: dict | None) -> str:
    """Old or new values of an audit row on one line."""
    if not value:
        return ""
    return ", ".join(f"{k}={v}" for k, v in value.items())
