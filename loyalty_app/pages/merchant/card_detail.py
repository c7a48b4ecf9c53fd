"""Card detail page: the customer, the balance, the history (paginated) and the owner's actions."""

import reflex as rx

from ...components.form import bare_input
from ...components.i18n import tr
from ...components.notice import notice
from ...components.pager import pager
from ...components.table import table
from ...state.i18n import I18nState
from .card_state import CardDetailState
from .console import ConsoleState
from .layout import console_page

S = CardDetailState
INFO = S.info


def _fact(label_key: str, value: rx.Var, element_id: str | None = None) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(tr(label_key)), rx.data_list.value(value, id=element_id))


def facts() -> rx.Component:
    customer = rx.card(
        rx.heading(tr("merchant.card.customer"), size="4", as_="h3"),
        rx.data_list.root(
            _fact("merchant.column.name", INFO.first_name + " " + INFO.last_name),
            _fact("merchant.column.email", INFO.email),
            _fact("merchant.field.phone", INFO.phone, "card-phone"),
            _fact("merchant.field.birthday", INFO.birthday, "card-birthday"),
            _fact("merchant.field.locale", INFO.locale),
            _fact("merchant.field.marketing_consent", I18nState.messages["merchant." + INFO.consent]),
        ),
        width="100%",
    )
    balance = rx.card(
        rx.heading(tr("merchant.card.balance"), size="4", as_="h3"),
        rx.data_list.root(
            rx.cond(INFO.type != "points", _fact("merchant.column.stamps", INFO.stamps, "card-stamps")),
            rx.cond(
                (INFO.type != "stamps") | (INFO.points != "0"),
                _fact("merchant.column.points", INFO.points, "card-points"),
            ),
            _fact("merchant.card.lifetime_stamps", INFO.lifetime_stamps),
            _fact("merchant.card.lifetime_points", INFO.lifetime_points),
            _fact("merchant.field.store", INFO.store),
            _fact("merchant.card.enrolled", INFO.enrolled),
            _fact("merchant.column.last_activity", INFO.last_activity),
            _fact(
                "merchant.column.status",
                rx.cond(S.active, tr("merchant.status.active"), tr("merchant.status.inactive")),
                "card-status",
            ),
            rx.cond(~S.active, _fact("merchant.field.reason", INFO.reason)),
        ),
        width="100%",
    )
    return rx.grid(customer, balance, columns="2", spacing="4", width="100%")


def actions() -> rx.Component:
    adjust = rx.form(
        rx.vstack(
            rx.heading(tr("merchant.card.adjust"), size="4", as_="h3"),
            bare_input("points_delta", "adjust-points", "merchant.field.points_delta", "merchant.hint.adjust"),
            bare_input("reason", "adjust-reason", "merchant.field.reason"),
            rx.button(tr("merchant.card.adjust_go"), type="submit", id="adjust-submit"),
            spacing="2",
        ),
        on_submit=S.adjust,
        reset_on_submit=True,
    )
    status = rx.cond(
        S.active,
        rx.form(
            rx.vstack(
                rx.heading(tr("merchant.card.deactivate"), size="4", as_="h3"),
                bare_input("reason", "deactivate-reason", "merchant.field.reason"),
                rx.button(tr("merchant.deactivate"), type="submit", color_scheme="red", id="deactivate-submit"),
                spacing="2",
            ),
            on_submit=S.deactivate,
            reset_on_submit=True,
        ),
        rx.vstack(
            rx.heading(tr("merchant.card.reactivate"), size="4", as_="h3"),
            rx.button(tr("merchant.reactivate"), on_click=S.reactivate, id="reactivate-submit"),
        ),
    )
    return rx.grid(rx.card(adjust), rx.card(status), columns="2", spacing="4", width="100%")


def _history_row(h: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(h.when),
        rx.table.cell(
            rx.hstack(
                rx.text(I18nState.messages["tx." + h.type]),
                rx.cond(h.voided, rx.badge(tr("card.voided"), color_scheme="gray")),
            )
        ),
        rx.table.cell(h.store),
        rx.table.cell(h.staff),
        rx.table.cell(h.stamps),
        rx.table.cell(h.points),
        data_testid="history-row",
    )


HISTORY_COLUMNS = (
    "merchant.column.when",
    "merchant.column.type",
    "merchant.field.store",
    "merchant.column.staff",
    "merchant.column.stamps",
    "merchant.column.points",
)


def history() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("merchant.card.history"), size="4", as_="h3"),
        table(HISTORY_COLUMNS, S.history, _history_row, "merchant.empty", "history-table"),
        pager(S.page, S.pages, S.go(-1), S.go(1), "history-pager", keys="merchant.pager"),
        width="100%",
    )


def card_detail_page() -> rx.Component:
    return console_page(
        "merchant.card.title",
        rx.link(
            rx.hstack(rx.icon("arrow_left", size=16), tr("merchant.card.back"), align="center"),
            href=rx.Var.create("/merchant/cards") + ConsoleState.query,
        ),
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(rx.code(INFO.number), size="5", id="card-number"),
                notice(S.notice, S.notice_kind, "card-notice"),
                facts(),
                actions(),
                history(),
                spacing="4",
                width="100%",
            ),
            rx.text(tr("error.CARD_NOT_FOUND")),
        ),
    )
