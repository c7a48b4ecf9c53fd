"""The terminal page: lookup, card panel and actions on the left, the store's live feed on the right."""

import reflex as rx

from ...components.i18n import tr
from ...components.layout import scripts, top_bar
from ...state.auth import AuthState
from .action_state import ActionState
from .card_panel import card_panel
from .card_state import TerminalCardState
from .dialogs import pin_dialog, void_dialog
from .feed_panel import feed_panel
from .state import TerminalState

TOUCH = "44px"


def lookup_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                id="lookup-input",
                name="query",
                auto_focus=True,
                auto_complete="off",
                enter_key_hint="search",
                placeholder=tr("lookup.placeholder"),
                aria_label=tr("lookup.label"),
                size="3",
                width="100%",
            ),
            rx.button(rx.icon("search"), tr("lookup.submit"), type="submit", size="3", min_height=TOUCH),
            rx.button(  # shown by assets/loyalty.js where the browser can read QR codes from a camera
                rx.icon("camera"),
                type="button",
                size="3",
                min_height=TOUCH,
                variant="soft",
                display="none",
                class_name="camera-scan",
                aria_label=tr("lookup.camera"),
                on_click=rx.call_script(
                    rx.Var.create("window.loyaltyTerminal?.camera(") + tr("lookup.camera_close").to_string() + ")"
                ),
            ),
            width="100%",
        ),
        on_submit=TerminalCardState.lookup,
        reset_on_submit=True,
        width="100%",
    )


def notice() -> rx.Component:
    is_error = TerminalCardState.notice_kind == "error"
    return rx.box(
        rx.cond(
            TerminalCardState.notice != "",
            rx.callout(
                TerminalCardState.notice,
                color_scheme=rx.cond(is_error, "red", "green"),
                icon=rx.cond(is_error, "triangle_alert", "check"),
                size="2",
                id="notice",
            ),
        ),
        role="status",
        aria_live=rx.cond(is_error, "assertive", "polite"),
        width="100%",
    )


def shift_controls() -> rx.Component:
    return rx.cond(
        TerminalState.per_shift,
        rx.cond(
            TerminalState.shift_staff != "",
            rx.hstack(
                rx.badge(tr("shift.on", name=TerminalState.shift_staff), size="3", color_scheme="green"),
                rx.button(
                    tr("shift.end"), on_click=TerminalState.end_shift, variant="soft", size="3", min_height=TOUCH
                ),
                align="center",
            ),
            rx.button(tr("shift.start"), on_click=ActionState.start_shift, size="3", min_height=TOUCH),
        ),
    )


def ready_view() -> rx.Component:
    return rx.grid(
        rx.vstack(
            lookup_form(),
            notice(),
            rx.cond(
                TerminalCardState.has_card, card_panel(), rx.text(tr("lookup.hint"), color_scheme="gray", size="4")
            ),
            spacing="3",
            width="100%",
        ),
        feed_panel(),
        columns=rx.breakpoints(initial="1", md="3fr 2fr"),
        spacing="4",
        width="100%",
    )


def refused(title_key: str, body_key: str) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield_x")),
        rx.callout.text(rx.heading(tr(title_key), size="5", as_="h2")),
        rx.callout.text(tr(body_key)),
        rx.hstack(
            rx.button(tr("auth.switch_user"), on_click=AuthState.switch_user, size="3", min_height=TOUCH),
            rx.link(rx.button(tr("nav.home"), variant="soft", size="3", min_height=TOUCH), href="/"),
            spacing="3",
        ),
        color_scheme="red",
        size="3",
        id="terminal-refused",
    )


def terminal_page() -> rx.Component:
    return rx.container(
        scripts(),
        top_bar(
            rx.cond(TerminalState.store_name != "", TerminalState.store_name, tr("terminal.title")), shift_controls()
        ),
        rx.match(
            TerminalState.access,
            ("ready", ready_view()),
            ("denied", refused("terminal.denied.title", "terminal.denied.body")),
            ("missing", refused("terminal.missing.title", "terminal.missing.body")),
            rx.center(rx.spinner(size="3"), padding="3em"),
        ),
        pin_dialog(),
        void_dialog(),
        size="4",
        padding_x="1em",
    )
