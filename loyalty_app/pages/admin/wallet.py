"""/admin/wallet: wallet debug (configuration, classes, card inspector, save links, enrollments, sync failures)."""

import reflex as rx

from ...components.i18n import tr
from ...components.table import cells, error_cell, table
from .layout import admin_page
from .wallet_inspector import InspectorState, inspector
from .wallet_state import WalletState


def _messages(items: rx.Var, color: str, icon: str, element_id: str) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            items,
            lambda p: rx.callout(p, color_scheme=color, icon=icon, size="1", width="100%", word_break="break-all"),
        ),
        width="100%",
        id=element_id,
        class_name=f"{element_id}",
    )


def _wallet_card(
    title_key: str, part: rx.Var, facts: tuple[tuple[str, str], ...], problems: rx.Var, warnings: rx.Var, prefix: str
) -> rx.Component:
    on = part["enabled"] == "yes"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(tr(title_key), size="4", as_="h3"),
                rx.cond(
                    ~on,
                    rx.badge(tr("admin.wallet.off"), color_scheme="gray"),
                    rx.cond(
                        problems.length() > 0,
                        rx.badge(tr("admin.wallet.broken"), color_scheme="red", id=f"{prefix}-broken"),
                        rx.badge(tr("admin.wallet.ok"), color_scheme="green", id=f"{prefix}-ok"),
                    ),
                ),
                align="center",
                spacing="3",
            ),
            *[
                rx.cond(
                    part[name] != "",
                    rx.hstack(
                        rx.text(tr(key), size="2", weight="medium", min_width="11em"),
                        rx.text(part[name], size="2", word_break="break-all"),
                    ),
                )
                for key, name in facts
            ],
            _messages(problems, "red", "circle_x", f"{prefix}-problems"),
            _messages(warnings, "amber", "triangle_alert", f"{prefix}-warnings"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id=f"{prefix}-config",
    )


def _config() -> rx.Component:
    s = WalletState
    return rx.grid(
        _wallet_card(
            "admin.wallet.google",
            s.google,
            (
                ("admin.wallet.issuer", "issuer_id"),
                ("admin.wallet.service_account", "service_account_email"),
                ("admin.wallet.api", "api_base_url"),
            ),
            s.google_problems,
            s.google_warnings,
            "google",
        ),
        _wallet_card(
            "admin.wallet.apple",
            s.apple,
            (
                ("admin.wallet.pass_type", "pass_type_id"),
                ("admin.wallet.team", "team_id"),
                ("admin.wallet.web_service", "web_service_url"),
                ("admin.wallet.cert_expires", "certificate_expires_at"),
                ("admin.wallet.cert_days", "certificate_days_left"),
            ),
            s.apple_problems,
            s.apple_warnings,
            "apple",
        ),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def _class_row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["merchant"]),
        rx.table.cell(c["card_name"]),
        rx.table.cell(rx.code(c["class_id"], size="1")),
        rx.table.cell(c["created"]),
        rx.table.cell(rx.vstack(rx.text(c["review"]), rx.text(c["remote_error"], color_scheme="red", size="1"))),
        rx.table.cell(c["cards"]),
        rx.table.cell(c["out_of_sync"]),
    )


def _inspect_button(card_id: rx.Var) -> rx.Component:
    return rx.button(tr("admin.wallet.inspect"), size="1", variant="soft", on_click=InspectorState.inspect_id(card_id))


def _recent_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["when"]),
        rx.table.cell(rx.code(r["number"])),
        rx.table.cell(r["merchant"]),
        rx.table.cell(rx.code(r["object"], size="1")),
        rx.table.cell(r["sync"]),
        error_cell(r["error"]),
        rx.table.cell(_inspect_button(r["id"])),
    )


def _failure_row(f: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(f["number"])),
        *cells(f, "merchant", "sync", "last"),
        error_cell(f["error"]),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    tr("admin.wallet.resync"), size="1", on_click=WalletState.resync(f["id"]), id="resync-" + f["id"]
                ),
                _inspect_button(f["id"]),
                spacing="2",
            )
        ),
    )


CLASS_COLUMNS = (
    "admin.col.merchant",
    "admin.col.card_name",
    "admin.wallet.class_id",
    "admin.wallet.created",
    "admin.wallet.review",
    "admin.col.cards",
    "admin.wallet.out_of_sync",
)
FAILURE_COLUMNS = (
    "admin.col.card",
    "admin.col.merchant",
    "admin.wallet.synced",
    "admin.wallet.last_sync",
    "admin.col.error",
    "admin.col.actions",
)
RECENT_COLUMNS = (
    "admin.col.when",
    "admin.col.card",
    "admin.col.merchant",
    "admin.wallet.object_id",
    "admin.wallet.synced",
    "admin.col.error",
    "admin.col.actions",
)


def _heading_with(title: rx.Var, button: rx.Component) -> rx.Component:
    return rx.hstack(rx.heading(title, size="4", as_="h3"), button, align="center", spacing="3")


def _classes() -> rx.Component:
    s = WalletState
    return rx.fragment(
        _heading_with(
            tr("admin.wallet.classes"),
            rx.button(tr("admin.wallet.ask_google"), size="1", variant="soft", on_click=s.ask_google, id="ask-google"),
        ),
        rx.cond(s.classes_error != "", rx.callout(s.classes_error, color_scheme="red", size="1", id="classes-error")),
        table(CLASS_COLUMNS, s.classes, _class_row, "admin.empty", "wallet-classes"),
    )


def _failures() -> rx.Component:
    s = WalletState
    return rx.cond(
        s.wallet_on,
        rx.vstack(
            _heading_with(
                tr("admin.wallet.failures", count=s.failures_total),
                rx.button(tr("admin.wallet.resync_all"), size="1", on_click=s.resync(""), id="resync-all"),
            ),
            table(FAILURE_COLUMNS, s.failures, _failure_row, "admin.wallet.no_failures", "wallet-failures"),
            spacing="3",
            width="100%",
        ),
        rx.callout(tr("admin.wallet.none_configured"), icon="info", size="1", id="wallets-off"),
    )


def wallet_page() -> rx.Component:
    s = WalletState
    return admin_page(
        "admin.nav.wallet",
        _config(),
        rx.cond(
            s.notice != "", rx.callout(s.notice, icon="refresh_cw", color_scheme="green", size="1", id="wallet-notice")
        ),
        _classes(),
        rx.heading(tr("admin.wallet.inspector"), size="4", as_="h3"),
        inspector(),
        _failures(),
        rx.heading(tr("admin.wallet.recent"), size="4", as_="h3"),
        table(RECENT_COLUMNS, s.recent, _recent_row, "admin.empty", "wallet-recent"),
    )
