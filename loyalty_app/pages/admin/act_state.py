"""Acting on behalf of one merchant: bonus and deactivate (as its background task), staff PINs, restore points."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.admin import act as admin_act
from loyalty_app.services.admin.merchants import list_merchants
from loyalty_app.services.admin.on_behalf import rows_on_behalf
from loyalty_app.services.context import Actor
from loyalty_app.services.merchant.stores import list_stores

from ...components.failure import failure_text
from ...components.ledger_line import signed
from ...db import new_session
from ...i18n import t
from ..merchant.task_panel import TaskState
from . import fmt
from .access import admin_context, on_behalf_actor


def _merchants() -> list[dict[str, str]]:
    with new_session() as session:
        return [{"id": str(m.id), "name": m.name} for m in list_merchants(session) if m.deleted_at is None]


def _details(merchant_id: int, admin_id: int) -> tuple[list[dict], list[dict]]:
    with new_session() as session:
        return (
            list_stores(session, merchant_id),
            rows_on_behalf(session, merchant_id, admin_id),
        )


def _number(raw) -> int:
    text = str(raw or "").strip()
    return int(text) if text.lstrip("-").isdigit() else 0


BULK_KINDS = ("bonus", "deactivate")  # run as the merchant's background task; the others at once


def _run(kind: str, form: dict, actor: Actor):
    mid = actor.merchant_id
    with new_session() as session:
        if kind == "bonus":
            return admin_act.bonus_cards(
                session,
                mid,
                str(form.get("numbers", "")),
                bool(form.get("all")),
                _number(form.get("points")),
                str(form.get("reason", "")),
                actor,
            )
        if kind == "deactivate":
            return admin_act.deactivate_cards(
                session, mid, str(form.get("numbers", "")), bool(form.get("all")), str(form.get("reason", "")), actor
            )
        if kind == "pins":
            return admin_act.assign_pins(session, mid, _number(form.get("store_id")), str(form.get("lines", "")), actor)
        return admin_act.restore_points(
            session,
            mid,
            str(form.get("card_number", "")),
            _number(form.get("points")),
            str(form.get("reason", "")),
            actor,
        )


def _done_text(kind: str, result, loc: str) -> str:
    if kind == "pins":
        return t("admin.act.pins_done", loc, count=len(result))
    if kind == "restore":
        tx, card = result
        return t("admin.act.restore_done", loc, points=tx.points_delta, balance=fmt.number(card.points_balance, loc))
    text = t("admin.act.started", loc) if result.task else t("admin.act.no_cards", loc)
    if result.unknown:
        text += " " + t("admin.act.unknown", loc, numbers=", ".join(result.unknown))
    return text


class ActState(rx.State):
    merchants: list[dict[str, str]] = []
    merchant_id: str = ""
    stores: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    notice: str = ""
    notice_kind: str = "ok"
    admin_id: str = ""

    @rx.var(cache=True)
    def merchant_name(self) -> str:
        return next((m["name"] for m in self.merchants if m["id"] == self.merchant_id), "")

    @rx.event
    async def load(self):
        actor, _ = await admin_context(self)
        if actor is None:
            return
        self.merchants, self.notice = await rx.run_in_thread(_merchants), ""
        wanted = self.router.url.query_parameters.get("merchant_id", "")
        self.merchant_id = wanted if any(m["id"] == wanted for m in self.merchants) else ""
        self.admin_id = str(actor.user_id)
        await self._refresh()
        return await self._follow_tasks()

    async def _refresh(self):
        if not self.merchant_id:
            self.stores, self.rows = [], []
            return
        actor, loc = await admin_context(self)
        if actor is None:
            return
        mid, admin_id = int(self.merchant_id), actor.user_id
        stores, rows = await rx.run_in_thread(lambda: _details(mid, admin_id))
        self.stores = [{"id": str(s.id), "name": f"{s.name} ({s.code})"} for s in stores]
        self.rows = [
            {
                "when": fmt.when(r["created_at"], loc),
                "card": r["card_number"],
                "type": f"tx.{r['type']}",
                "delta": signed(r["points_delta"] or r["stamps_delta"]),
                "reason": r["reason"] or "",
                "admin": str(r["acting_admin_id"]),
            }
            for r in rows
        ]

    @rx.event
    async def choose(self, merchant_id: str):
        self.merchant_id, self.notice = merchant_id, ""
        await self._refresh()
        return await self._follow_tasks()

    async def _follow_tasks(self):
        """The merchant's bulk task in the console's task panel: a running one is followed again after a reload."""
        _, loc = await admin_context(self)
        try:
            actor = await on_behalf_actor(self, int(self.merchant_id)) if self.merchant_id else None
        except errors.DomainError:
            actor = None
        return await (await self.get_state(TaskState)).load_as(actor, loc, "bulk", "admin")

    async def _act(self, kind: str, form: dict):
        _, loc = await admin_context(self)
        if not self.merchant_id:
            return
        try:
            actor = await on_behalf_actor(self, int(self.merchant_id))
            result = await rx.run_in_thread(lambda: _run(kind, form, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "admin", loc), "error"
            return
        started = result.task if kind in BULK_KINDS else None
        self.notice = _done_text(kind, result, loc)
        self.notice_kind = "error" if kind in BULK_KINDS and not started else "ok"
        await self._refresh()
        reset = rx.call_script(f"document.getElementById('act-{kind}-form')?.reset()")
        if started:
            return [reset, (await self.get_state(TaskState)).follow_as(actor, loc, started, "bulk", "admin")]
        return reset

    @rx.event
    async def bonus(self, form: dict):
        return await self._act("bonus", form)

    @rx.event
    async def deactivate(self, form: dict):
        return await self._act("deactivate", form)

    @rx.event
    async def assign_pins(self, form: dict):
        return await self._act("pins", form)

    @rx.event
    async def restore(self, form: dict):
        return await self._act("restore", form)
