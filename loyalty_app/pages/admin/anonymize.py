"""GDPR anonymization from the customers page: a confirmation first, then what became of the person's cards."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.admin import gdpr
from loyalty_app.services.admin.customers import cards_after_erasure
from loyalty_app.services.cards.cards import format_card_number

from ...components.dialog import DialogState, confirm_dialog
from ...components.failure import failure_text
from ...components.i18n import tr
from ...components.table import cells, table
from ...db import new_session
from ...i18n import t
from .access import admin_context


def _anonymize(customer_id: int, card_ids: list[int], actor) -> tuple[dict, list[dict]]:
    with new_session() as session:
        result = gdpr.anonymize_customer(session, customer_id, actor)
        return result, cards_after_erasure(session, card_ids)


class AnonymizeState(DialogState, rx.State):
    customer_id: str = ""
    email: str = ""
    name: str = ""
    summary: str = ""
    cards: list[dict[str, str]] = []
    _card_ids: list[int] = []

    @rx.event
    def ask(self, customer_id: str, email: str, name: str, card_ids: str):
        self.customer_id, self.email, self.name, self.problem = customer_id, email, name, ""
        self._card_ids = [int(i) for i in card_ids.split(",") if i.isdigit()]
        self.dialog_open = True

    @rx.event
    async def confirm(self):
        from .customers import CustomersState

        actor, loc = await admin_context(self)
        if actor is None:
            return
        customer_id, card_ids = int(self.customer_id), list(self._card_ids)
        try:
            result, cards = await rx.run_in_thread(lambda: _anonymize(customer_id, card_ids, actor))
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "admin", loc)
            return
        self.dialog_open, self.email, self.name = False, "", ""
        self.summary = t(
            "admin.customers.anonymized",
            loc,
            id=result["customer_id"],
            cards=result["cards"],
            emails=result["emails_scrubbed"],
        )
        yes, no = t("admin.yes", loc), t("admin.no", loc)
        self.cards = [
            {
                "number": format_card_number(c["card_number"]),
                "active": yes if c["is_active"] else no,
                "linked": yes if c["customer_id"] else no,
                "ledger": str(c["ledger_rows"]),
            }
            for c in cards
        ]
        customers = await self.get_state(CustomersState)
        customers.query = ""  # the erased person's address must not linger on the page
        await customers._refresh()


def anonymize_dialog() -> rx.Component:
    return confirm_dialog(
        AnonymizeState,
        tr("admin.customers.confirm_title"),
        tr("admin.customers.confirm_body", name=AnonymizeState.name, email=AnonymizeState.email),
        rx.button(
            tr("admin.customers.anonymize_go"),
            color_scheme="red",
            on_click=AnonymizeState.confirm,
            id="anonymize-confirm",
        ),
    )


def erasure_result() -> rx.Component:
    return rx.cond(
        AnonymizeState.summary != "",
        rx.card(
            rx.vstack(
                rx.callout(
                    AnonymizeState.summary, icon="shield_check", color_scheme="green", size="1", id="erasure-summary"
                ),
                table(
                    ("admin.col.card", "admin.col.active", "admin.col.linked", "admin.col.ledger_kept"),
                    AnonymizeState.cards,
                    lambda c: rx.table.row(
                        rx.table.cell(rx.code(c["number"], white_space="nowrap")),
                        *cells(c, "active", "linked", "ledger"),
                    ),
                    "admin.customers.no_cards",
                    "erasure-cards",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="erasure-result",
        ),
    )
