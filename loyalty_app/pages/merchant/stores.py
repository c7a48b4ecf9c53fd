"""Stores page: the merchant's stores; create, rename, deactivate and reactivate."""

import reflex as rx

from ...components.i18n import tr
from ...db import new_session
from ...i18n import t
from ...services import errors, queries, store_admin
from .console import console_context, failure_text
from .layout import console_page
from .widgets import field, header_row, notice


def _stores(merchant_id: int) -> list[dict]:
    with new_session() as session:
        return [{"id": s["id"], "code": s["code"], "name": s["name"], "is_active": s["is_active"]}
                for s in queries.merchant_stores(session, merchant_id)["items"]]


def _run(fn, *args):
    with new_session() as session:
        return fn(session, *args)


class StoresState(rx.State):
    stores: list[dict] = []
    editing: int = 0
    new_name: str = ""
    notice: str = ""
    notice_kind: str = "ok"

    async def _act(self, fn, *args, done_key: str = "merchant.saved"):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        try:
            await rx.run_in_thread(lambda: _run(fn, actor.merchant_id, *args, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, locale), "error"
            return
        self.notice, self.notice_kind, self.editing = t(done_key, locale), "ok", 0
        self.stores = await rx.run_in_thread(lambda: _stores(actor.merchant_id))

    @rx.event
    async def on_load(self):
        self.notice, self.editing = "", 0
        actor, _, _ = await console_context(self)
        if actor is not None:
            self.stores = await rx.run_in_thread(lambda: _stores(actor.merchant_id))

    @rx.event
    async def create(self, form: dict):
        await self._act(store_admin.create_store, str(form.get("code", "")), str(form.get("name", "")),
                        done_key="merchant.stores.created")

    @rx.event
    def start_rename(self, store_id: int, name: str):
        self.editing, self.new_name = store_id, name

    @rx.event
    def set_new_name(self, value: str):
        self.new_name = value

    @rx.event
    def cancel_rename(self):
        self.editing = 0

    @rx.event
    async def rename(self):
        await self._act(store_admin.rename_store, self.editing, self.new_name)

    @rx.event
    async def set_active(self, store_id: int, active: bool):
        await self._act(store_admin.set_store_active, store_id, active)


def _name_cell(store: rx.Var) -> rx.Component:
    return rx.cond(
        StoresState.editing == store["id"],
        rx.hstack(
            rx.input(value=StoresState.new_name, on_change=StoresState.set_new_name, id="store-rename-input",
                     aria_label=tr("merchant.field.name")),
            rx.button(tr("merchant.save"), on_click=StoresState.rename, size="1", id="store-rename-save"),
            rx.button(tr("common.cancel"), on_click=StoresState.cancel_rename, size="1", variant="soft"),
        ),
        rx.text(store["name"]),
    )


def _row(store: rx.Var) -> rx.Component:
    active = store["is_active"].to(bool)
    return rx.table.row(
        rx.table.cell(rx.code(store["code"])),
        rx.table.cell(_name_cell(store)),
        rx.table.cell(rx.cond(active, rx.badge(tr("merchant.status.active"), color_scheme="green"),
                              rx.badge(tr("merchant.status.inactive"), color_scheme="gray"))),
        rx.table.cell(rx.hstack(
            rx.button(tr("merchant.rename"), size="1", variant="soft",
                      on_click=StoresState.start_rename(store["id"], store["name"])),
            rx.cond(active,
                    rx.button(tr("merchant.deactivate"), size="1", variant="soft", color_scheme="red",
                              on_click=StoresState.set_active(store["id"], False)),
                    rx.button(tr("merchant.reactivate"), size="1", variant="soft",
                              on_click=StoresState.set_active(store["id"], True))),
            spacing="2",
        )),
        data_testid="store-row",
    )


def create_form() -> rx.Component:
    return rx.card(rx.form(
        rx.hstack(
            field("merchant.field.code", rx.input(name="code", id="store-code", required=True),
                  hint_key="merchant.hint.store_code"),
            field("merchant.field.name", rx.input(name="name", id="store-name", required=True)),
            rx.button(rx.icon("plus"), tr("merchant.stores.create"), type="submit", id="store-create"),
            align="end", spacing="3", width="100%",
        ),
        on_submit=StoresState.create, reset_on_submit=True,
    ), width="100%")


def stores_page() -> rx.Component:
    return console_page(
        "merchant.nav.stores",
        notice(StoresState.notice, StoresState.notice_kind),
        rx.table.root(
            header_row("merchant.field.code", "merchant.field.name", "merchant.column.status",
                       "merchant.column.actions"),
            rx.table.body(rx.foreach(StoresState.stores, _row)),
            width="100%",
        ),
        rx.heading(tr("merchant.stores.new"), size="4", as_="h3"),
        create_form(),
    )
