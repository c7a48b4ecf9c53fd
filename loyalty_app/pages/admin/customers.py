"""/admin/customers: search every merchant's customers; GDPR anonymize behind a confirmation, result shown at once."""

import reflex as rx

from loyalty_app.services.admin.customers import search_customers
from loyalty_app.services.cards.cards import format_card_number

from ...components.form import search_form
from ...components.i18n import tr
from ...components.table import cells, table
from ...db import new_session
from . import fmt
from .access import admin_context
from .anonymize import AnonymizeState, anonymize_dialog, erasure_result
from .layout import admin_page


def _search(query: str) -> list[dict]:
    with new_session() as session:
        return search_customers(session, query)


def _row(c: dict, loc: str) -> dict[str, str]:
    return {
        "id": str(c["id"]),
        "merchant": c["merchant"],
        "name": " ".join(filter(None, (c["first_name"], c["last_name"]))) or "\u2014",
        "email": c["email"] or "",
        "phone": c["phone"] or "",
        "birthday": c["birth_date"].isoformat() if c["birth_date"] else "",
        "cards": ", ".join(format_card_number(card["card_number"]) for card in c["cards"]),
        "card_ids": ",".join(str(card["id"]) for card in c["cards"]),
        "since": fmt.when(c["created_at"], loc),
    }


class CustomersState(rx.State):
    query: str = ""
    results: list[dict[str, str]] = []
    searched: bool = False

    @rx.event
    async def load(self):
        await self._refresh()

    async def _refresh(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        query = self.query
        self.results = [_row(c, loc) for c in await rx.run_in_thread(lambda: _search(query))]
        self.searched = bool(query)

    @rx.event
    def set_query(self, value: str):
        self.query = value

    @rx.event
    async def search(self, _form: dict):
        self.query = self.query.strip()
        await self._refresh()


def _result_row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["name"]),
        rx.table.cell(c["email"], class_name="customer-email"),
        *cells(c, "phone", "birthday", "merchant"),
        rx.table.cell(rx.code(c["cards"])),
        rx.table.cell(
            rx.button(
                tr("admin.customers.anonymize"),
                size="1",
                color_scheme="red",
                variant="soft",
                on_click=AnonymizeState.ask(c["id"], c["email"], c["name"], c["card_ids"]),
                id="anonymize-" + c["id"],
            )
        ),
        id="customer-" + c["id"],
    )


def customers_page() -> rx.Component:
    return admin_page(
        "admin.nav.customers",
        search_form(
            "customer",
            "admin.customers.search_hint",
            "admin.customers.search",
            CustomersState.search,
            width="28em",
            value=CustomersState.query,
            on_change=CustomersState.set_query,
        ),
        erasure_result(),
        rx.cond(
            CustomersState.searched,
            rx.text(tr("admin.customers.found", count=CustomersState.results.length()), size="2", id="customer-count"),
            rx.text(tr("admin.customers.latest"), size="2", color_scheme="gray"),
        ),
        table(
            (
                "admin.col.name",
                "admin.col.email",
                "admin.col.phone",
                "admin.col.birthday",
                "admin.col.merchant",
                "admin.col.cards",
                "admin.col.actions",
            ),
            CustomersState.results,
            _result_row,
            "admin.customers.none",
            "customers",
        ),
        anonymize_dialog(),
    )
