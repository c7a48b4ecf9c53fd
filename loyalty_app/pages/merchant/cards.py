"""Cards page: search, filters, sorting and pages; tick cards for bulk actions; open a card."""

import reflex as rx

from ...components.form import search_form
from ...components.i18n import tr
from ...components.pager import pager
from ...components.plural import tr_count
from ...components.table import empty_row
from .bulk import bulk_bar, bulk_dialog
from .cards_state import CardsState
from .console import ConsoleState
from .layout import console_page
from .task_view import task_panel

SORTS = ("newest", "oldest", "name", "number", "points", "stamps", "last_activity")


def _select(name: str, value: rx.Var, options: list, label_key: str, element_id: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=tr(label_key), id=element_id),
        rx.select.content(*options),
        value=value,
        on_change=lambda v: CardsState.set_filter(name, v),
    )


def toolbar() -> rx.Component:
    stores = [
        rx.select.item(tr("merchant.cards.all_stores"), value="all"),
        rx.foreach(CardsState.store_codes, lambda c: rx.select.item(c, value=c)),
    ]
    return rx.hstack(
        search_form(
            "cards",
            "merchant.cards.search_hint",
            "merchant.cards.search",
            CardsState.search,
            "merchant.cards.search",
            width="22em",
        ),
        _select(
            "active",
            CardsState.active,
            [rx.select.item(tr(f"merchant.cards.{v}"), value=v) for v in ("all", "active", "inactive")],
            "merchant.column.status",
            "cards-active",
        ),
        _select("store_code", CardsState.store_code, stores, "merchant.field.store", "cards-store"),
        rx.hstack(
            rx.checkbox(checked=CardsState.at_risk, on_change=CardsState.set_at_risk, id="cards-at-risk"),
            rx.el.label(tr("merchant.cards.at_risk"), html_for="cards-at-risk"),
            align="center",
        ),
        _select(
            "sort",
            CardsState.sort,
            [rx.select.item(tr(f"merchant.sort.{s}"), value=s) for s in SORTS],
            "merchant.cards.sort",
            "cards-sort",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _row(r: rx.Var) -> rx.Component:
    card_id = r.id
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=CardsState.selected.contains(card_id),
                on_change=lambda on: CardsState.toggle(card_id, on),
                aria_label=tr("merchant.cards.select"),
            )
        ),
        rx.table.cell(
            rx.link(
                rx.code(r.number, white_space="nowrap"),
                class_name="card-link",
                href=rx.Var.create("/merchant/cards/") + r.id.to(str) + ConsoleState.query,
            )
        ),
        rx.table.cell(r.name),
        rx.table.cell(r.email),
        rx.table.cell(r.store),
        rx.table.cell(r.stamps),
        rx.table.cell(r.points),
        rx.table.cell(
            rx.cond(
                r.active,
                rx.badge(tr("merchant.status.active"), color_scheme="green"),
                rx.badge(tr("merchant.status.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(r.last_activity),
        data_testid="card-row",
    )


def table() -> rx.Component:
    head = rx.table.row(
        rx.table.column_header_cell(
            rx.checkbox(on_change=CardsState.toggle_page, aria_label=tr("merchant.cards.select_page"))
        ),
        *[
            rx.table.column_header_cell(tr(k))
            for k in (
                "merchant.column.card",
                "merchant.column.name",
                "merchant.column.email",
                "merchant.field.store",
                "merchant.column.stamps",
                "merchant.column.points",
                "merchant.column.status",
                "merchant.column.last_activity",
            )
        ],
    )
    return rx.table.root(
        rx.table.header(head),
        rx.table.body(
            rx.cond(CardsState.total == 0, empty_row("merchant.cards.none", 9), rx.foreach(CardsState.rows, _row))
        ),
        width="100%",
        size="1",
    )


def cards_page() -> rx.Component:
    return console_page(
        "merchant.nav.cards",
        toolbar(),
        task_panel(),
        bulk_bar(),
        rx.text(tr_count("merchant.cards.total", CardsState.total), size="2", color_scheme="gray", id="cards-total"),
        table(),
        pager(
            CardsState.page, CardsState.pages, CardsState.go(-1), CardsState.go(1), "cards-pager", keys="merchant.pager"
        ),
        bulk_dialog(),
    )
