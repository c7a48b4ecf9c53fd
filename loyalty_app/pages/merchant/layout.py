"""The console frame: top bar, navigation, the 'on behalf' banner, and what a refused visitor sees."""

import reflex as rx

from ...components.i18n import tr
from ...components.layout import scripts, top_bar
from ...components.plural import tr_count
from ...state.auth import AuthState
from .console import ConsoleState

NAV = (
    ("merchant.nav.overview", "/merchant", "layout_dashboard"),
    ("merchant.nav.program", "/merchant/program", "settings_2"),
    ("merchant.nav.stores", "/merchant/stores", "store"),
    ("merchant.nav.pins", "/merchant/pins", "key_round"),
    ("merchant.nav.cards", "/merchant/cards", "credit_card"),
    ("merchant.nav.analytics", "/merchant/analytics", "chart_column"),
    ("merchant.nav.transfer", "/merchant/import-export", "arrow_left_right"),
    ("merchant.nav.settings", "/merchant/settings", "sliders_horizontal"),
)


def console_href(path: str) -> rx.Var:
    return rx.Var.create(path) + ConsoleState.query


def nav() -> rx.Component:
    links = []
    for key, path, icon in NAV:
        links.append(
            rx.link(
                rx.hstack(rx.icon(icon, size=18), rx.text(tr(key), size="3"), align="center", spacing="2"),
                href=console_href(path),
                underline="none",
                padding="0.4em 0.6em",
                border_radius="var(--radius-3)",
                id=f"nav-{path.strip('/').replace('/', '-')}",
                width="100%",
                background=rx.cond(rx.State.router.url.path == path, rx.color("accent", 4), "transparent"),
            )
        )
    return rx.vstack(*links, spacing="1", width="100%", as_="nav", aria_label=tr("merchant.nav.label"))


def on_behalf_banner() -> rx.Component:
    return rx.cond(
        ConsoleState.on_behalf,
        rx.callout(
            tr("merchant.on_behalf", merchant=ConsoleState.merchant_name),
            icon="user_cog",
            color_scheme="amber",
            size="1",
            id="on-behalf",
        ),
    )


def refused() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield_x")),
        rx.callout.text(rx.heading(tr("merchant.denied.title"), size="5", as_="h2")),
        rx.callout.text(tr("merchant.denied.body")),
        rx.hstack(
            rx.button(tr("auth.switch_user"), on_click=AuthState.switch_user, size="3"),
            rx.link(rx.button(tr("nav.home"), variant="soft", size="3"), href="/"),
            spacing="3",
        ),
        color_scheme="red",
        size="3",
        id="console-refused",
    )


def chooser() -> rx.Component:
    """A platform admin picks the merchant whose console to open on their behalf."""
    return rx.vstack(
        rx.heading(tr("merchant.choose.title"), size="5", as_="h2"),
        rx.text(tr("merchant.choose.body"), color_scheme="gray"),
        rx.foreach(
            ConsoleState.merchants,
            lambda m: rx.link(
                rx.card(
                    rx.hstack(
                        rx.text(m["name"], weight="bold"),
                        rx.spacer(),
                        rx.badge(tr_count("merchant.choose.cards", m["cards"].to(int))),
                    ),
                    width="100%",
                ),
                href="/merchant?merchant_id=" + m["id"],
                width="100%",
                underline="none",
            ),
        ),
        spacing="3",
        width="100%",
        max_width="40em",
        id="merchant-chooser",
    )


def console_page(title_key: str, *content: rx.Component) -> rx.Component:
    """A console page: its title, the navigation on the left, and `content` once access is settled."""
    return rx.container(
        scripts(),
        top_bar(rx.cond(ConsoleState.merchant_name != "", ConsoleState.merchant_name, tr("merchant.title"))),
        rx.match(
            ConsoleState.access,
            (
                "ready",
                rx.grid(
                    rx.box(nav(), padding_top="0.5em"),
                    rx.vstack(
                        on_behalf_banner(),
                        rx.heading(tr(title_key), size="6", as_="h2", id="page-title"),
                        *content,
                        spacing="4",
                        width="100%",
                        min_width="0",
                    ),
                    columns="13em 1fr",
                    spacing="5",
                    width="100%",
                ),
            ),
            ("denied", refused()),
            ("choose", chooser()),
            rx.center(rx.spinner(size="3"), padding="3em"),
        ),
        size="4",
        padding_x="1.5em",
    )
