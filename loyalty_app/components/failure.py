"""Refused actions as sentences: one `failure_text` for a notice, one `field_problems` for the fields of a form.

A page area ("admin", "merchant", "storefront") has its own `<area>.problem.<code>` and `<area>.field.<name>` texts.
"""

import math
from collections.abc import Mapping

from loyalty_app.services import errors

from ..i18n import DEFAULT_LOCALE, catalog, t
from ..i18n.formats import money

Problems = Mapping[str, str | list[str]]


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


def _first_code(problem: str | list[str]) -> str:
    """The first problem code of a field (a ValidationFailed's list, or one code a page set itself)."""
    codes = [problem] if isinstance(problem, str) else problem
    return (codes[0] if codes else "") or "invalid"


def _fields(problems: errors.DomainError | Problems) -> Problems:
    if isinstance(problems, errors.DomainError):
        return problems.fields if isinstance(problems, errors.ValidationFailed) else {}
    return problems


def problem_key(area: str, code: str) -> str:
    """`<area>.problem.<code>`, or the area's `invalid` text when the code has none."""
    key = f"{area}.problem.{code}"
    fallback = f"{area}.problem.invalid"
    return fallback if key not in catalog(DEFAULT_LOCALE) and fallback in catalog(DEFAULT_LOCALE) else key


def field_problem_keys(problems: errors.DomainError | Problems, area: str) -> dict[str, str]:
    """The text key of each field's first problem (for pages that translate in the browser)."""
    return {name: problem_key(area, _first_code(p)) for name, p in _fields(problems).items()}


def field_problems(problems: errors.DomainError | Problems, area: str, locale: str | None) -> dict[str, str]:
    """Each field's first problem as a sentence, keyed by field."""
    return {name: t(key, locale) for name, key in field_problem_keys(problems, area).items()}


def failure_key(exc: errors.DomainError) -> str:
    """The text key of a domain error (`error.<CODE>`, else the generic one)."""
    key = f"error.{exc.code}"
    return key if key in catalog(DEFAULT_LOCALE) else "error.DOMAIN_ERROR"


def field_label(area: str, name: str, locale: str | None) -> str:
    """The field's label in the area, or "" when it has none."""
    key = f"{area}.field.{name}"
    return t(key, locale) if key in catalog(DEFAULT_LOCALE) else ""


def failure_text(exc: errors.DomainError, area: str, locale: str | None) -> str:
    """One sentence for a refused action: the first field problem of a validation error, else the error's text."""
    fields = _fields(exc)
    if not fields:
        return error_message(exc, locale)
    name, problem = next(iter(fields.items()))
    code = _first_code(problem)
    text = t(problem_key(area, code), locale)
    if code == "render_failed":
        text = f"{text} ({exc})"
    if name.startswith("line_") and f"{area}.problem.line" in catalog(DEFAULT_LOCALE):
        return t(f"{area}.problem.line", locale, line=name.removeprefix("line_"), problem=text)
    label = field_label(area, name, locale)
    return f"{label}: {text}" if label else text
