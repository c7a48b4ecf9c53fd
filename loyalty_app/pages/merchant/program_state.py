"""The program editor's state: the form as typed, its problems per field, the rewards catalog rows."""

import re

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor
from loyalty_app.services.merchant import program as programs

from ...components.failure import field_problems
from ...db import new_session
from .console import console_context

INTS = ("stamps_target", "welcome_bonus_points", "cooldown_minutes", "max_stamps_per_day", "pin_shift_idle_minutes")
OPTIONAL_INTS = ("points_expiry_days", "pin_max_attempts", "pin_lockout_minutes")
OPTIONAL_TEXTS = ("logo_url", "terms_text", "terms_url")
TEXTS = ("stamps_reward_description", "card_name", "card_color", "loyalty_type", "pin_mode", *OPTIONAL_TEXTS)
FLAGS = ("pin_required", "cross_location")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_COLOR = "#4F46E5"


def _to_form(program) -> tuple[dict[str, str], dict[str, bool], list[dict[str, str]]]:
    snap = programs.snapshot(program)
    form = {k: "" if snap[k] is None else str(snap[k]) for k in (*INTS, *OPTIONAL_INTS, *TEXTS)}
    form["points_per_euro"] = f"{snap['points_per_euro']:g}"
    form["min_purchase"] = f"{snap['min_purchase_cents'] / 100:.2f}"
    rewards = [
        {
            "id": r["id"],
            "name": r["name"],
            "points_cost": str(r["points_cost"]),
            "description": r.get("description") or "",
        }
        for r in snap["rewards"]
    ]
    return form, {k: bool(snap[k]) for k in FLAGS}, rewards


def _number(raw: str, name: str, problems: dict, *, optional: bool = False, kind=int):
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        if not optional:
            problems[name] = "required"
        return None
    try:
        return kind(raw)
    except ValueError:
        problems[name] = "not_a_number"
        return None


def parse_form(form: dict[str, str], flags: dict[str, bool], rewards: list[dict[str, str]]) -> tuple[dict, dict]:
    """Typed changes for programs.update_program, and the fields that are not even numbers."""
    problems: dict[str, str] = {}
    changes: dict = {k: _number(form.get(k, ""), k, problems) for k in INTS}
    changes |= {k: _number(form.get(k, ""), k, problems, optional=True) for k in OPTIONAL_INTS}
    changes["points_per_euro"] = _number(form.get("points_per_euro", ""), "points_per_euro", problems, kind=float)
    euros = _number(form.get("min_purchase", ""), "min_purchase_cents", problems, kind=float)
    changes["min_purchase_cents"] = None if euros is None else round(euros * 100)
    changes |= {k: form.get(k, "") for k in TEXTS}
    changes |= {k: (form.get(k) or "").strip() or None for k in OPTIONAL_TEXTS}
    changes |= dict(flags)
    catalog = []
    for row in rewards:
        cost = _number(row.get("points_cost", ""), "rewards", problems)
        catalog.append(
            {
                "id": row.get("id", "").strip(),
                "name": row.get("name", ""),
                "points_cost": cost,
                "description": row.get("description") or None,
            }
        )
    changes["rewards"] = catalog
    return {k: v for k, v in changes.items() if k not in problems}, problems


def _load(merchant_id: int):
    with new_session() as session:
        return _to_form(cards.get_program(session, merchant_id))


def _save(merchant_id: int, changes: dict, actor: Actor):
    with new_session() as session:
        return _to_form(programs.update_program(session, merchant_id, changes, actor))


class ProgramState(rx.State):
    form: dict[str, str] = {}
    flags: dict[str, bool] = {}
    rewards: list[dict[str, str]] = []
    problems: dict[str, str] = {}
    notice: str = ""
    notice_kind: str = "ok"

    @rx.var(cache=True)
    def preview_color(self) -> str:
        color = self.form.get("card_color", "")
        return color if _HEX.match(color) else DEFAULT_COLOR

    @rx.var(cache=True)
    def preview_target(self) -> int:
        raw = self.form.get("stamps_target", "").strip()
        return int(raw) if raw.isdigit() and 1 <= int(raw) <= 1000 else 0

    @rx.var(cache=True)
    def preview_dots(self) -> list[int]:
        return list(range(min(self.preview_target, 30)))

    @rx.event
    async def on_load(self):
        self.problems, self.notice = {}, ""
        actor, _, _ = await console_context(self)
        if actor is not None:
            self.form, self.flags, self.rewards = await rx.run_in_thread(lambda: _load(actor.merchant_id))

    @rx.event
    def set_field(self, name: str, value: str):
        self.form[name] = value
        self.problems.pop(name, None)

    @rx.event
    def set_flag(self, name: str, value: bool):
        self.flags[name] = bool(value)

    @rx.event
    def add_reward(self):
        self.rewards.append({"id": "", "name": "", "points_cost": "", "description": ""})

    @rx.event
    def remove_reward(self, index: int):
        self.rewards.pop(index)

    @rx.event
    def set_reward(self, index: int, key: str, value: str):
        self.rewards[index][key] = value
        self.problems.pop("rewards", None)

    @rx.event
    async def save(self):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        changes, problems = parse_form(self.form, self.flags, self.rewards)
        if not problems:
            try:
                self.form, self.flags, self.rewards = await rx.run_in_thread(
                    lambda: _save(actor.merchant_id, changes, actor)
                )
            except errors.ValidationFailed as exc:
                problems = exc.fields
        if problems:
            self.problems = field_problems(problems, "merchant", locale)
            self.notice, self.notice_kind = "merchant.program.invalid", "error"
            return
        self.problems, self.notice, self.notice_kind = {}, "merchant.program.saved", "ok"
