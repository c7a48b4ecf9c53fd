"""The merchant settings form: the values as typed, and their problems as catalog keys (they follow the language)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.context import Actor
from loyalty_app.services.merchant import settings as merchant_settings

from ...components.failure import failure_key, field_problem_keys
from ...db import new_session
from .console import ConsoleState, console_actor


def _load(merchant_id: int, actor: Actor) -> dict[str, str]:
    with new_session() as session:
        return merchant_settings.get_settings(session, merchant_id, actor)


def _save(merchant_id: int, changes: dict[str, str], actor: Actor) -> dict[str, str]:
    with new_session() as session:
        return merchant_settings.snapshot(merchant_settings.update_settings(session, merchant_id, changes, actor))


class SettingsState(rx.State):
    form: dict[str, str] = {}
    problems: dict[str, str] = {}
    notice: str = ""
    notice_kind: str = "ok"

    @rx.var(cache=True)
    def local_time(self) -> str:
        """The time now in the zone as typed, so the owner sees it is theirs; empty while it names no zone."""
        zone = merchant_settings.canonical_timezone(self.form.get("timezone", ""))
        return datetime.now(UTC).astimezone(ZoneInfo(zone)).strftime("%H:%M") if zone else ""

    @rx.event
    async def on_load(self):
        self.problems, self.notice = {}, ""
        actor = await console_actor(self)
        if actor is not None:
            self.form = await rx.run_in_thread(lambda: _load(actor.merchant_id, actor))

    @rx.event
    def set_field(self, name: str, value: str):
        self.form[name] = value
        self.problems.pop(name, None)

    @rx.event
    async def save(self):
        actor = await console_actor(self)
        if actor is None:
            return
        changes = {k: self.form.get(k, "") for k in merchant_settings.EDITABLE}
        try:
            saved = await rx.run_in_thread(lambda: _save(actor.merchant_id, changes, actor))
        except errors.ValidationFailed as exc:
            self.problems = field_problem_keys(exc, "merchant")
            self.notice, self.notice_kind = "merchant.settings.invalid", "error"
            return
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_key(exc), "error"
            return
        self.form, self.problems, self.notice, self.notice_kind = saved, {}, "merchant.settings.saved", "ok"
        console = await self.get_state(ConsoleState)
        console.merchant_name, console.timezone = saved["name"], saved["timezone"]
