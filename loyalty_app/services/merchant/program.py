"""Create and update a merchant's program, validated field by field."""

import re
from datetime import datetime

from sqlmodel import Session, select

from loyalty_app.models import LOYALTY_TYPES, LoyaltyProgram
from loyalty_app.models.program import PIN_MODES
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards.cards import get_program
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.events import ProgramChanged

EDITABLE = (
    "loyalty_type",
    "stamps_target",
    "stamps_reward_description",
    "points_per_euro",
    "min_purchase_cents",
    "welcome_bonus_points",
    "rewards",
    "points_expiry_days",
    "cooldown_minutes",
    "max_stamps_per_day",
    "pin_required",
    "pin_max_attempts",
    "pin_lockout_minutes",
    "pin_mode",
    "pin_shift_idle_minutes",
    "cross_location",
    "card_name",
    "card_color",
    "logo_url",
    "terms_text",
    "terms_url",
)
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_REWARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _int_in(value, low: int, high: int, *, optional: bool = False) -> bool:
    if value is None:
        return optional
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate(values: dict) -> dict[str, str]:
    """Every field problem at once, keyed by field name, so a form can show them all."""
    p: dict[str, str] = {}
    v = values
    if v.get("loyalty_type") not in LOYALTY_TYPES:
        p["loyalty_type"] = "invalid_choice"
    if not _int_in(v.get("stamps_target"), 1, 1000):
        p["stamps_target"] = "out_of_range"
    rate = v.get("points_per_euro")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1000:
        p["points_per_euro"] = "out_of_range"
    for name, high in (
        ("min_purchase_cents", 10_000_000),
        ("welcome_bonus_points", 100_000),
        ("cooldown_minutes", 1440),
        ("max_stamps_per_day", 1000),
    ):
        low = 1 if name == "max_stamps_per_day" else 0
        if not _int_in(v.get(name), low, high):
            p[name] = "out_of_range"
    if not _int_in(v.get("points_expiry_days"), 1, 3650, optional=True):
        p["points_expiry_days"] = "out_of_range"
    if not _int_in(v.get("pin_max_attempts"), 1, 20, optional=True):
        p["pin_max_attempts"] = "out_of_range"
    if not _int_in(v.get("pin_lockout_minutes"), 1, 1440, optional=True):
        p["pin_lockout_minutes"] = "out_of_range"
    if v.get("pin_mode") not in PIN_MODES:
        p["pin_mode"] = "invalid_choice"
    if not _int_in(v.get("pin_shift_idle_minutes"), 1, 720):
        p["pin_shift_idle_minutes"] = "out_of_range"
    for flag in ("pin_required", "cross_location"):
        if not isinstance(v.get(flag), bool):
            p[flag] = "invalid_choice"
    if not isinstance(v.get("card_name"), str) or not 1 <= len(v["card_name"].strip()) <= 100:
        p["card_name"] = "required"
    if not isinstance(v.get("card_color"), str) or not _COLOR.match(v["card_color"]):
        p["card_color"] = "invalid_color"
    if (
        not isinstance(v.get("stamps_reward_description") or "", str)
        or len(v.get("stamps_reward_description") or "") > 200
    ):
        p["stamps_reward_description"] = "too_long"
    for url_field in ("logo_url", "terms_url"):
        url = v.get(url_field)
        if url is not None and (
            not isinstance(url, str) or len(url) > 500 or not url.startswith(("https://", "http://", "/"))
        ):
            p[url_field] = "invalid_url"
    terms = v.get("terms_text")
    if terms is not None and (not isinstance(terms, str) or len(terms) > 10000):
        p["terms_text"] = "too_long"
    reward_problem = _validate_rewards(v.get("rewards"))
    if reward_problem:
        p["rewards"] = reward_problem
    if v.get("loyalty_type") in ("stamps", "hybrid") and not (v.get("stamps_reward_description") or "").strip():
        p.setdefault("stamps_reward_description", "required")
    return p


def _validate_rewards(rewards) -> str | None:
    if not isinstance(rewards, list) or len(rewards) > 50:
        return "invalid"
    ids = set()
    for r in rewards:
        if not isinstance(r, dict) or not _REWARD_ID.match(str(r.get("id", ""))):
            return "invalid_reward_id"
        if r["id"] in ids:
            return "duplicate_reward_id"
        ids.add(r["id"])
        if not isinstance(r.get("name"), str) or not 1 <= len(r["name"].strip()) <= 200:
            return "invalid_reward_name"
        if not _int_in(r.get("points_cost"), 1, 10_000_000):
            return "invalid_points_cost"
        if r.get("description") is not None and (not isinstance(r["description"], str) or len(r["description"]) > 500):
            return "invalid_reward_description"
    return None


def _normalize(values: dict) -> dict:
    out = dict(values)
    if isinstance(out.get("points_per_euro"), int) and not isinstance(out["points_per_euro"], bool):
        out["points_per_euro"] = float(out["points_per_euro"])
    for text in ("card_name", "stamps_reward_description", "terms_text", "terms_url", "logo_url"):
        if isinstance(out.get(text), str):
            out[text] = out[text].strip() or (None if text in ("terms_text", "terms_url", "logo_url") else "")
    # Only a valid catalog is tidied: a malformed one must reach validate() as it came, not crash or be dropped.
    if _validate_rewards(out.get("rewards")) is None:
        out["rewards"] = [
            {
                "id": r["id"],
                "name": r["name"].strip(),
                "points_cost": r["points_cost"],
                "description": (r.get("description") or "").strip() or None,
            }
            for r in out["rewards"]
        ]
    return out


def snapshot(program: LoyaltyProgram) -> dict:
    return {k: getattr(program, k) for k in EDITABLE}


def create_program(
    session: Session, merchant_id: int, values: dict, actor: Actor, now: datetime | None = None
) -> LoyaltyProgram:
    require_manager(actor, merchant_id)
    existing = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id)).first()
    if existing is not None:
        raise errors.AlreadyExists("This merchant already has a program.")
    merged = _normalize({**snapshot(LoyaltyProgram(merchant_id=merchant_id)), **values})
    problems = validate(merged)
    if problems:
        raise errors.ValidationFailed(problems)
    now = clock(now)
    program = LoyaltyProgram(
        merchant_id=merchant_id, created_at=now, updated_at=now, **{k: merged[k] for k in EDITABLE}
    )
    session.add(program)
    session.flush()
    audit.record(session, actor, "program.create", program, None, snapshot(program))
    session.commit()
    return program


def update_program(
    session: Session, merchant_id: int, changes: dict, actor: Actor, now: datetime | None = None
) -> LoyaltyProgram:
    """Apply a partial update; unknown fields are refused, everything is validated together."""
    require_manager(actor, merchant_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise errors.ValidationFailed({k: "unknown_field" for k in sorted(unknown)})
    program = get_program(session, merchant_id)
    before = snapshot(program)
    merged = _normalize({**before, **changes})
    problems = validate(merged)
    if problems:
        raise errors.ValidationFailed(problems)
    for k in EDITABLE:
        setattr(program, k, merged[k])
    program.updated_at = clock(now)
    old, new = audit.diff(before, snapshot(program))
    if new:
        audit.record(session, actor, "program.update", program, old, new)
        effects.emit(session, ProgramChanged(program.id))
    session.add(program)
    session.commit()
    return program
