"""Staff PINs page: list per store, create, rename, unlock, deactivate, and bulk create from a pasted list."""

import reflex as rx
from pydantic import BaseModel

from loyalty_app.services import errors
from loyalty_app.services.merchant.stores import list_stores, merchant_store
from loyalty_app.services.staff import pins
from loyalty_app.services.staff.pin_list import merchant_pins

from ...components.failure import failure_text
from ...components.form import field
from ...components.i18n import tr
from ...components.notice import notice
from ...components.table import table
from ...db import new_session
from ...i18n import t
from ...i18n.formats import day_and_time
from .console import console_context
from .layout import console_page


class PinRow(BaseModel):
    """A staff PIN as the page lists it (from services.staff.pin_list's PinPublic)."""

    id: int
    store_code: str
    staff_name: str
    active: bool
    locked: bool
    last_used: str


def _pins(merchant_id: int, tz: str, locale: str) -> tuple[list[PinRow], list[str]]:
    with new_session() as session:
        codes = [s.code for s in list_stores(session, merchant_id) if s.is_active]
        rows = merchant_pins(session, merchant_id)
    return [
        PinRow(
            id=p.id,
            store_code=p.store_code,
            staff_name=p.staff_name,
            active=p.is_active,
            locked=p.is_locked,
            last_used=day_and_time(p.last_used_at, tz, locale) if p.last_used_at else "",
        )
        for p in rows
    ], codes


def _with_store(fn, merchant_id: int, store_code: str, text: str, *args):
    with new_session() as session:
        return fn(session, merchant_store(session, merchant_id, store_code), text, *args)


def _with_pin(fn, merchant_id: int, *args):
    with new_session() as session:
        return fn(session, merchant_id, *args)


class PinsState(rx.State):
    rows: list[PinRow] = []
    store_codes: list[str] = []
    editing: int = 0
    new_name: str = ""
    bulk_problems: list[str] = []
    notice: str = ""
    notice_kind: str = "ok"

    async def _act(self, run, done_key: str = "merchant.saved") -> bool:
        actor, locale, tz = await console_context(self)
        if actor is None:
            return False
        self.bulk_problems = []
        try:
            await rx.run_in_thread(lambda: run(actor))
        except errors.ValidationFailed as exc:
            if any(k.startswith("line_") for k in exc.fields):
                self.bulk_problems = [
                    t(
                        "merchant.pins.line",
                        locale,
                        line=k.removeprefix("line_"),
                        problems="; ".join(t(f"merchant.problem.{c}", locale) for c in v),
                    )
                    for k, v in exc.fields.items()
                ]
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return False
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return False
        self.notice, self.notice_kind, self.editing = t(done_key, locale), "ok", 0
        self.rows, self.store_codes = await rx.run_in_thread(lambda: _pins(actor.merchant_id, tz, locale))
        return True

    @rx.event
    async def on_load(self):
        self.notice, self.editing, self.bulk_problems = "", 0, []
        actor, locale, tz = await console_context(self)
        if actor is not None:
            self.rows, self.store_codes = await rx.run_in_thread(lambda: _pins(actor.merchant_id, tz, locale))

    @rx.event
    async def create(self, form: dict):
        code, name, pin = (str(form.get(k, "")) for k in ("store_code", "staff_name", "pin"))
        await self._act(
            lambda a: _with_store(pins.create_pin, a.merchant_id, code, name, pin, a), "merchant.pins.created"
        )

    @rx.event
    async def bulk_create(self, form: dict):
        code, lines = str(form.get("store_code", "")), str(form.get("lines", ""))
        await self._act(
            lambda a: _with_store(pins.bulk_create_pins, a.merchant_id, code, lines, a), "merchant.pins.bulk_created"
        )

    @rx.event
    def start_rename(self, pin_id: int, name: str):
        self.editing, self.new_name = pin_id, name

    @rx.event
    def set_new_name(self, value: str):
        self.new_name = value

    @rx.event
    async def rename(self):
        pin_id, name = self.editing, self.new_name
        await self._act(lambda a: _with_pin(pins.rename_pin, a.merchant_id, pin_id, name, a))

    @rx.event
    async def unlock(self, pin_id: int):
        await self._act(lambda a: _with_pin(pins.unlock_pin, a.merchant_id, pin_id, a), "merchant.pins.unlocked")

    @rx.event
    async def deactivate(self, pin_id: int):
        await self._act(lambda a: _with_pin(pins.deactivate_pin, a.merchant_id, pin_id, a))


def _name(p: rx.Var) -> rx.Component:
    """The staff name, or the rename field on the row being renamed."""
    return rx.cond(
        PinsState.editing == p.id,
        rx.hstack(
            rx.input(
                value=PinsState.new_name,
                on_change=PinsState.set_new_name,
                aria_label=tr("merchant.field.staff_name"),
                id="pin-rename-input",
            ),
            rx.button(tr("merchant.save"), on_click=PinsState.rename, size="1", id="pin-rename-save"),
        ),
        rx.text(p.staff_name),
    )


def _status(p: rx.Var) -> rx.Component:
    return rx.cond(
        ~p.active,
        rx.badge(tr("merchant.status.inactive"), color_scheme="gray"),
        rx.cond(
            p.locked,
            rx.badge(tr("merchant.status.locked"), color_scheme="red"),
            rx.badge(tr("merchant.status.active"), color_scheme="green"),
        ),
    )


def _actions(p: rx.Var) -> rx.Component:
    """Rename, unlock (when locked) and deactivate an active PIN."""
    return rx.cond(
        p.active,
        rx.hstack(
            rx.button(
                tr("merchant.rename"),
                size="1",
                variant="soft",
                on_click=PinsState.start_rename(p.id, p.staff_name),
            ),
            rx.cond(
                p.locked,
                rx.button(tr("merchant.pins.unlock"), size="1", on_click=PinsState.unlock(p.id)),
            ),
            rx.button(
                tr("merchant.deactivate"),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=PinsState.deactivate(p.id),
            ),
            spacing="2",
        ),
    )


def _row(p: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(p.store_code)),
        rx.table.cell(_name(p)),
        rx.table.cell(_status(p)),
        rx.table.cell(p.last_used),
        rx.table.cell(_actions(p)),
        data_testid="pin-row",
    )


def _store_select(element_id: str) -> rx.Component:
    return field(
        "merchant.field.store",
        rx.select.root(
            rx.select.trigger(id=element_id, width="100%"),
            rx.select.content(rx.foreach(PinsState.store_codes, lambda c: rx.select.item(c, value=c))),
            name="store_code",
            required=True,
        ),
    )


def forms() -> rx.Component:
    one = rx.form(
        rx.vstack(
            rx.heading(tr("merchant.pins.new"), size="4", as_="h3"),
            _store_select("pin-store"),
            field("merchant.field.staff_name", rx.input(name="staff_name", id="pin-name", required=True)),
            field(
                "merchant.field.pin",
                rx.input(
                    name="pin",
                    id="pin-pin",
                    required=True,
                    input_mode="numeric",
                    type="password",
                    auto_complete="new-password",
                ),
                hint_key="merchant.hint.pin",
            ),
            rx.button(tr("merchant.pins.create"), type="submit", id="pin-create"),
            spacing="3",
        ),
        on_submit=PinsState.create,
        reset_on_submit=True,
    )
    bulk = rx.form(
        rx.vstack(
            rx.heading(tr("merchant.pins.bulk"), size="4", as_="h3"),
            _store_select("pin-bulk-store"),
            field(
                "merchant.field.lines",
                rx.text_area(name="lines", id="pin-bulk-lines", rows="6", width="100%"),
                hint_key="merchant.hint.bulk_pins",
            ),
            rx.foreach(PinsState.bulk_problems, lambda text: rx.text(text, color_scheme="red", size="1")),
            rx.button(tr("merchant.pins.bulk_create"), type="submit", id="pin-bulk-create"),
            spacing="3",
            width="100%",
        ),
        on_submit=PinsState.bulk_create,
    )
    return rx.grid(rx.card(one), rx.card(bulk), columns="2", spacing="4", width="100%")


COLUMNS = (
    "merchant.field.store",
    "merchant.field.staff_name",
    "merchant.column.status",
    "merchant.column.last_used",
    "merchant.column.actions",
)


def pins_page() -> rx.Component:
    return console_page(
        "merchant.nav.pins",
        notice(PinsState.notice, PinsState.notice_kind),
        table(COLUMNS, PinsState.rows, _row, "merchant.empty", "pins-table"),
        forms(),
    )
