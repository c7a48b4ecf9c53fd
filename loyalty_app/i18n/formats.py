"""Numbers, money and times in the reader's locale (Babel's CLDR data), in the merchant's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal

from . import DEFAULT_LOCALE, normalize_locale
from .plurals import is_singular


def _loc(locale: str | None) -> str:
    return normalize_locale(locale) or DEFAULT_LOCALE


def money(cents: int, locale: str | None, currency: str = "EUR") -> str:
    return format_currency(cents / 100, currency, locale=_loc(locale))


def number(value: int, locale: str | None) -> str:
    return format_decimal(value, locale=_loc(locale))


def day_and_time(moment: datetime, tz: str, locale: str | None) -> str:
    return format_datetime(moment.astimezone(ZoneInfo(tz)), "short", locale=_loc(locale))


def clock(moment: datetime, tz: str) -> str:
    """24-hour HH:MM: the same on every terminal whatever its language (shared feeds)."""
    return moment.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def signed(value: int) -> str:
    """+3, \u22122 (a true minus sign), 0."""
    return f"+{value}" if value > 0 else f"\u2212{-value}" if value < 0 else "0"


def ledger_change(stamps_delta: int, points_delta: int, locale: str | None) -> tuple[str, str]:
    """('+250', 'points'), ('+1', 'stamp'), ('0', ''): the signed change and its unit key (`unit.<key>`)."""
    value, unit = (points_delta, "point") if points_delta else (stamps_delta, "stamp") if stamps_delta else (0, "")
    if not unit:
        return signed(0), ""
    return signed(value), unit if is_singular(value, locale) else unit + "s"
