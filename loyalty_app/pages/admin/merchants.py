"""/admin/merchants: every merchant with its stores and program; open its console or act on its behalf."""

import reflex as rx

from loyalty_app.services.admin.merchants import merchants_overview

from ...components.buttons import icon_button
from ...components.i18n import tr, tr_var
from ...components.table import table
from ...db import new_session
from . import fmt
from .access import admin_context
from .layout import admin_page


def _read() -> list[dict]:
    with new_session() as session:
        return merchants_overview(session)


def _row(m: dict, loc: str) -> dict[str, str]:
    program = m["program"]
    return {
        "id": str(m["id"]),
        "name": m["name"],
        "timezone": m["timezone"],
        "locale": m["default_locale"],
        "created": fmt.when(m["created_at"], loc),
        "deleted": fmt.when(m["deleted_at"], loc),
        "stores": ", ".join(f"{s['name']} ({s['code']})" for s in m["stores"]) or "\u2014",
        "store_count": fmt.number(m["store_count"], loc),
        "card_count": fmt.number(m["card_count"], loc),
        "program_type": f"admin.program.{program['loyalty_type']}" if program else "admin.program.none",
        "card_name": program["card_name"] if program else "",
        "program_deleted": "yes" if program and program["deleted_at"] else "",
    }


class MerchantsState(rx.State):
    merchants: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        self.merchants = [_row(m, loc) for m in await rx.run_in_thread(_read)]


def _merchant_row(m: rx.Var) -> rx.Component:
    live = m["deleted"] == ""
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(m["name"], weight="bold"),
                rx.text(m["timezone"], " \u00b7 ", m["locale"], size="1", color_scheme="gray"),
                rx.cond(~live, rx.badge(tr("admin.merchants.deleted"), color_scheme="red")),
                spacing="1",
            )
        ),
        rx.table.cell(rx.text(m["stores"], size="2")),
        rx.table.cell(
            rx.vstack(
                rx.text(tr_var(m["program_type"]), size="2"),
                rx.text(m["card_name"], size="1", color_scheme="gray"),
                rx.cond(m["program_deleted"] != "", rx.badge(tr("admin.trash.in_trash"), color_scheme="red")),
                spacing="1",
            )
        ),
        rx.table.cell(m["card_count"]),
        rx.table.cell(
            rx.cond(
                live,
                rx.hstack(
                    rx.link(
                        icon_button(
                            "external_link", tr("admin.merchants.open_console"), icon_size=14, size="1", variant="soft"
                        ),
                        href="/merchant?merchant_id=" + m["id"],
                        id="open-console-" + m["id"],
                    ),
                    rx.link(
                        rx.button(rx.icon("user_cog", size=14), tr("admin.merchants.act"), size="1", variant="soft"),
                        href="/admin/act?merchant_id=" + m["id"],
                        id="act-" + m["id"],
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
            )
        ),
        id="merchant-" + m["id"],
    )


def merchants_page() -> rx.Component:
    return admin_page(
        "admin.nav.merchants",
        rx.text(tr("admin.merchants.intro"), color_scheme="gray"),
        table(
            ("admin.col.merchant", "admin.col.stores", "admin.col.program", "admin.col.cards", "admin.col.actions"),
            MerchantsState.merchants,
            _merchant_row,
            "admin.empty",
            "merchants",
        ),
    )
