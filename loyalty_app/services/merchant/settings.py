"""A merchant's own settings: business name, time zone and default language (owners; admins on behalf)."""

from functools import lru_cache
from zoneinfo import available_timezones

from sqlmodel import Session, select

from loyalty_app.i18n import LOCALES
from loyalty_app.models import LoyaltyProgram, Merchant
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, require_manager
from loyalty_app.services.events import ProgramChanged

EDITABLE = ("name", "timezone", "default_locale")
NAME_MAX = 200
# Where a wallet pass shows the merchant: a change there re-sends the passes (issuer name, pass language).
ON_PASSES = ("name", "default_locale")
_REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


def canonical_timezone(value) -> str | None:
    """The IANA spelling of `value` ('europe/paris' -> 'Europe/Paris'); None when it names no zone."""
    return _zones().get(value.strip().lower()) if isinstance(value, str) else None


@lru_cache(maxsize=1)
def timezone_choices() -> tuple[str, ...]:
    """The zones to offer: UTC and every Region/City, without legacy aliases like US/Eastern or EST5EDT."""
    return ("UTC", *sorted(z for z in available_timezones() if z.split("/")[0] in _REGIONS))


def snapshot(merchant: Merchant) -> dict:
    return {k: getattr(merchant, k) for k in EDITABLE}


def validate(values: dict) -> dict[str, str]:
    """Every field problem at once, keyed by field name."""
    problems: dict[str, str] = {}
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        problems["name"] = "required"
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = "too_long"
    zone = values.get("timezone")
    if not isinstance(zone, str) or not zone.strip():
        problems["timezone"] = "required"
    elif canonical_timezone(zone) is None:
        problems["timezone"] = "invalid_timezone"
    if values.get("default_locale") not in LOCALES:
        problems["default_locale"] = "invalid_choice"
    return problems


def _merchant(session: Session, merchant_id: int) -> Merchant:
    merchant = session.get(Merchant, merchant_id)
    if merchant is None or merchant.deleted_at is not None:
        raise errors.NotFound("No such merchant.", merchant_id=merchant_id)
    return merchant


def get_settings(session: Session, merchant_id: int, actor: Actor) -> dict:
    require_manager(actor, merchant_id)
    return snapshot(_merchant(session, merchant_id))


def update_settings(session: Session, merchant_id: int, changes: dict, actor: Actor) -> Merchant:
    """Apply a partial update; unknown fields are refused, all fields are validated together, one audit row."""
    require_manager(actor, merchant_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise errors.ValidationFailed({k: "unknown_field" for k in sorted(unknown)})
    merchant = _merchant(session, merchant_id)
    before = snapshot(merchant)
    merged = {**before, **changes}
    problems = validate(merged)
    if problems:
        raise errors.ValidationFailed(problems)
    merged["name"] = merged["name"].strip()
    merged["timezone"] = canonical_timezone(merged["timezone"])
    old, new = audit.diff(before, merged)
    if not new:
        return merchant
    for k in EDITABLE:
        setattr(merchant, k, merged[k])
    session.add(merchant)
    audit.record(session, actor, "merchant.settings", merchant, old, new, merchant_id=merchant.id)
    if set(new) & set(ON_PASSES):
        program_ids = session.exec(
            select(LoyaltyProgram.id).where(
                LoyaltyProgram.merchant_id == merchant.id, LoyaltyProgram.deleted_at.is_(None)
            )
        ).all()
        for program_id in program_ids:
            effects.emit(session, ProgramChanged(program_id))
    session.commit()
    return merchant
