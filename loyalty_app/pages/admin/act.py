"""/admin/act: act on behalf of a merchant; every row written names the admin (the table below shows it).

Bulk actions run as the merchant's background task, followed in the console's task panel.
"""

import reflex as rx

from ...components.form import labelled, select
from ...components.i18n import tr, tr_var
from ...components.notice import notice
from ...components.table import table
from ..merchant.task_view import task_panel
from .act_state import ActState
from .layout import admin_page


def _input(name: str, label_key: str, form: str, **props) -> rx.Component:
    return labelled(
        label_key, rx.input(name=name, id=f"act-{form}-{name}", required=True, width="100%", **props), width="100%"
    )


def _numbers(form: str) -> rx.Component:
    return rx.vstack(
        labelled(
            "admin.act.numbers",
            rx.text_area(
                name="numbers",
                id=f"act-{form}-numbers",
                rows="3",
                width="100%",
                placeholder=tr("admin.act.numbers_hint"),
            ),
            width="100%",
        ),
        rx.el.label(
            rx.el.input(type="checkbox", name="all", id=f"act-{form}-all"),
            " ",
            tr("admin.act.all_cards"),
            style={"display": "flex", "gap": "0.5em", "align_items": "center"},
        ),
        spacing="2",
        width="100%",
    )


def _form(kind: str, title_key: str, button_key: str, on_submit, *fields, danger: bool = False) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr(title_key), size="3", as_="h3"),
                *fields,
                rx.button(
                    tr(button_key), type="submit", id=f"act-{kind}-submit", color_scheme="red" if danger else "indigo"
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=on_submit,
            id=f"act-{kind}-form",
        ),
        width="100%",
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["when"]),
        rx.table.cell(rx.code(r["card"], white_space="nowrap")),
        rx.table.cell(tr_var(r["type"])),
        rx.table.cell(r["delta"]),
        rx.table.cell(r["reason"]),
        rx.table.cell(rx.badge(r["admin"]), class_name="acting-admin"),
    )


def _bonus_form() -> rx.Component:
    return _form(
        "bonus",
        "admin.act.bonus_title",
        "admin.act.bonus_go",
        ActState.bonus,
        _numbers("bonus"),
        _input("points", "admin.field.points", "bonus", input_mode="numeric"),
        _input("reason", "admin.field.reason", "bonus"),
    )


def _deactivate_form() -> rx.Component:
    return _form(
        "deactivate",
        "admin.act.deactivate_title",
        "admin.act.deactivate_go",
        ActState.deactivate,
        _numbers("deactivate"),
        _input("reason", "admin.field.reason", "deactivate"),
        danger=True,
    )


def _pins_form() -> rx.Component:
    return _form(
        "pins",
        "admin.act.pins_title",
        "admin.act.pins_go",
        ActState.assign_pins,
        labelled("admin.field.store", select("store_id", ActState.stores, "act-pins-store")),
        labelled(
            "admin.act.pin_lines",
            rx.text_area(
                name="lines",
                id="act-pins-lines",
                rows="3",
                required=True,
                width="100%",
                placeholder=tr("admin.act.pin_lines_hint"),
            ),
            width="100%",
        ),
    )


def _restore_form() -> rx.Component:
    return _form(
        "restore",
        "admin.act.restore_title",
        "admin.act.restore_go",
        ActState.restore,
        _input("card_number", "admin.field.card_number", "restore"),
        _input("points", "admin.field.points", "restore", input_mode="numeric"),
        _input("reason", "admin.field.reason", "restore"),
    )


def _forms() -> rx.Component:
    return rx.grid(
        _bonus_form(),
        _deactivate_form(),
        _pins_form(),
        _restore_form(),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def act_page() -> rx.Component:
    return admin_page(
        "admin.nav.act",
        rx.text(tr("admin.act.intro"), color_scheme="gray"),
        labelled(
            "admin.field.merchant",
            select(
                "merchant",
                ActState.merchants,
                "act-merchant",
                ActState.merchant_id,
                ActState.choose,
                all_key="admin.act.choose",
            ),
        ),
        rx.cond(
            ActState.merchant_id != "",
            rx.vstack(
                rx.callout(
                    tr("admin.act.banner", merchant=ActState.merchant_name, admin=ActState.admin_id),
                    icon="user_cog",
                    color_scheme="amber",
                    size="1",
                    id="act-banner",
                ),
                notice(ActState.notice, ActState.notice_kind, "act-notice"),
                task_panel(),
                _forms(),
                rx.heading(tr("admin.act.rows_title"), size="4", as_="h3"),
                table(
                    (
                        "admin.col.when",
                        "admin.col.card",
                        "admin.col.type",
                        "admin.col.delta",
                        "admin.col.reason",
                        "admin.col.acting_admin",
                    ),
                    ActState.rows,
                    _row,
                    "admin.act.no_rows",
                    "act-rows",
                ),
                spacing="4",
                width="100%",
            ),
        ),
    )
