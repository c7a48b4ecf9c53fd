"""Domain errors as translated sentences: `error.<CODE>` keys, placeholders from the error's details."""

import math

from loyalty_app.services import errors

from . import DEFAULT_LOCALE, catalog, t
from .formats import money


def error_params(err: errors.DomainError, locale: str | None = None) -> dict:
    """The placeholders each error's message uses, from the error's details."""
    d = err.details
    if isinstance(err, errors.CooldownActive):
        return {"minutes": max(1, math.ceil(d.get("retry_after_seconds", 60) / 60))}
    if isinstance(err, errors.PinLocked):
        return {"minutes": d.get("minutes_remaining", 1)}
    if isinstance(err, errors.ShiftExpired):
        return {"minutes": d.get("idle_minutes", "")}
    if isinstance(err, errors.DailyLimitReached):
        return {"max": d.get("max_stamps_per_day", "")}
    if isinstance(err, errors.BelowMinimumPurchase):
        return {"minimum": money(d.get("min_purchase_cents", 0), locale)}
    return {}


def error_message(err: errors.DomainError, locale: str | None) -> str:
    """A domain error as a sentence for the person at the counter."""
    key = f"error.{err.code}"
    if key not in catalog(DEFAULT_LOCALE):
        key = "error.DOMAIN_ERROR"
    return t(key, locale, **error_params(err, locale))
