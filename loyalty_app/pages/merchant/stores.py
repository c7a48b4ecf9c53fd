"""Stores page: the merchant's stores; create, edit name and description, deactivate and reactivate."""

import reflex as rx

from loyalty_app.models.public import StorePublic
from loyalty_app.services import errors
from loyalty_app.services.merchant import stores as store_admin

from ...components.buttons import icon_button
from ...components.failure import failure_text
from ...components.form import field
from ...components.i18n import tr
from ...components.notice import notice
from ...components.table import table
from ...db import new_session
from ...i18n import LOCALES, t
from ...models import Store
from ...state.i18n import I18nState
from .console import console_context
from .layout import console_page


class StoreRow(StorePublic):
    """A store as the page lists it: StorePublic with its description per language."""

    description: dict[str, str]


def _texts(description: dict | None) -> dict[str, str]:
    return {locale: text for locale, text in (description or {}).items() if text}


def _stores(merchant_id: int) -> list[StoreRow]:
    with new_session() as session:
        # session.get finds each store in the identity map the listing just filled: no extra query.
        return [
            StoreRow(**s.model_dump(), description=_texts(session.get(Store, s.id).description))
            for s in store_admin.list_stores(session, merchant_id)
        ]


def _run(fn, *args):
    with new_session() as session:
        return fn(session, *args)


class StoresState(rx.State):
    stores: list[StoreRow] = []
    editing: int = 0
    draft: dict[str, str] = {}
    problems: dict[str, str] = {}
    notice: str = ""
    notice_kind: str = "ok"

    async def _act(self, fn, *args, done_key: str = "merchant.saved") -> bool:
        actor, locale, _ = await console_context(self)
        if actor is None:
            return False
        try:
            await rx.run_in_thread(lambda: _run(fn, actor.merchant_id, *args, actor))
        except errors.ValidationFailed as exc:
            if not self.editing:
                self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
                return False
            self.problems = {k: f"merchant.problem.{v[0]}" for k, v in exc.fields.items()}
            self.notice, self.notice_kind = t("merchant.settings.invalid", locale), "error"
            return False
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return False
        self.notice, self.notice_kind, self.editing = t(done_key, locale), "ok", 0
        self.stores = await rx.run_in_thread(lambda: _stores(actor.merchant_id))
        return True

    @rx.event
    async def on_load(self):
        self.notice, self.editing = "", 0
        actor, _, _ = await console_context(self)
        if actor is not None:
            self.stores = await rx.run_in_thread(lambda: _stores(actor.merchant_id))

    @rx.event
    async def create(self, form: dict):
        await self._act(
            store_admin.create_store,
            str(form.get("code", "")),
            str(form.get("name", "")),
            done_key="merchant.stores.created",
        )

    @rx.event
    def start_edit(self, store_id: int):
        store = next((s for s in self.stores if s.id == store_id), None)
        if store is not None:
            described = store.description
            self.draft = {
                "code": store.code,
                "name": store.name,
                **{f"description_{loc}": described.get(loc, "") for loc in LOCALES},
            }
            self.editing, self.problems, self.notice = store_id, {}, ""

    @rx.event
    def set_draft(self, name: str, value: str):
        self.draft[name] = value
        self.problems.pop(name, None)

    @rx.event
    def close_edit(self, open_: bool = False):
        if not open_:
            self.editing, self.problems = 0, {}

    @rx.event
    async def save_edit(self):
        description = {loc: self.draft.get(f"description_{loc}", "") for loc in LOCALES}
        if await self._act(store_admin.update_store, self.editing, self.draft.get("name", ""), description):
            self.problems = {}

    @rx.event
    async def set_active(self, store_id: int, active: bool):
        await self._act(store_admin.set_store_active, store_id, active)


def _problem(name: str) -> rx.Var:
    key = StoresState.problems.get(name, "")
    return rx.cond(key != "", I18nState.messages[key].to(str), "")


def _draft_field(name: str, label_key: str, control) -> rx.Component:
    return field(
        label_key,
        control(
            value=StoresState.draft[name],
            on_change=lambda v: StoresState.set_draft(name, v),
            id=f"store-edit-{name}",
            width="100%",
        ),
        _problem(name),
    )


def edit_dialog() -> rx.Component:
    """Name and description (one per language, as the storefront shows it) of the store being edited."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("merchant.stores.edit_title", code=StoresState.draft["code"])),
            rx.dialog.description(tr("merchant.stores.description_hint"), size="2", color_scheme="gray"),
            rx.vstack(
                _draft_field("name", "merchant.field.name", rx.input),
                *[
                    _draft_field(
                        f"description_{loc}",
                        f"merchant.stores.description_{loc}",
                        lambda **props: rx.text_area(rows="2", **props),
                    )
                    for loc in LOCALES
                ],
                rx.hstack(
                    rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", type="button")),
                    rx.button(tr("merchant.save"), on_click=StoresState.save_edit, id="store-edit-save"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="1em",
            ),
            max_width="36em",
        ),
        open=StoresState.editing != 0,
        on_open_change=StoresState.close_edit,
    )


def _name_cell(store: rx.Var) -> rx.Component:
    described = store.description
    text = rx.cond(described[I18nState.locale], described[I18nState.locale], described["en"]).to(str)
    return rx.vstack(rx.text(store.name), rx.cond(text, rx.text(text, size="1", color_scheme="gray")), spacing="0")


def _row(store: rx.Var) -> rx.Component:
    active = store.is_active
    return rx.table.row(
        rx.table.cell(rx.code(store.code)),
        rx.table.cell(_name_cell(store)),
        rx.table.cell(
            rx.cond(
                active,
                rx.badge(tr("merchant.status.active"), color_scheme="green"),
                rx.badge(tr("merchant.status.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(
            rx.hstack(
                icon_button(
                    "pencil",
                    tr("merchant.edit"),
                    icon_size=14,
                    size="1",
                    variant="soft",
                    on_click=StoresState.start_edit(store.id),
                    class_name="store-edit",
                ),
                rx.cond(
                    active,
                    rx.button(
                        tr("merchant.deactivate"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=StoresState.set_active(store.id, False),
                    ),
                    rx.button(
                        tr("merchant.reactivate"),
                        size="1",
                        variant="soft",
                        on_click=StoresState.set_active(store.id, True),
                    ),
                ),
                spacing="2",
            )
        ),
        data_testid="store-row",
    )


def create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.hstack(
                field(
                    "merchant.field.code",
                    rx.input(name="code", id="store-code", required=True),
                    hint_key="merchant.hint.store_code",
                ),
                field("merchant.field.name", rx.input(name="name", id="store-name", required=True)),
                rx.button(rx.icon("plus"), tr("merchant.stores.create"), type="submit", id="store-create"),
                align="end",
                spacing="3",
                width="100%",
            ),
            on_submit=StoresState.create,
            reset_on_submit=True,
        ),
        width="100%",
    )


def stores_page() -> rx.Component:
    return console_page(
        "merchant.nav.stores",
        notice(StoresState.notice, StoresState.notice_kind),
        table(
            ("merchant.field.code", "merchant.field.name", "merchant.column.status", "merchant.column.actions"),
            StoresState.stores,
            _row,
            "merchant.empty",
            "stores-table",
        ),
        rx.heading(tr("merchant.stores.new"), size="4", as_="h3"),
        create_form(),
        edit_dialog(),
    )
