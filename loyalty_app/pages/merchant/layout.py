"""The console frame: top bar, navigation, the 'on behalf' banner, and what a refused visitor sees."""

import reflex as rx

from ...components.i18n import tr
from ...components.layout import loading, nav_link, nav_menu, refused, scripts, top_bar, with_nav
from ...components.plural import tr_count
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
    links = [
        nav_link(key, path, icon, console_href(path), f"nav-{path.strip('/').replace('/', '-')}")
        for key, path, icon in NAV
    ]
    return nav_menu(links, "merchant.nav.label")


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
            ("ready", with_nav(nav(), title_key, *content, above_title=(on_behalf_banner(),))),
            ("denied", refused("merchant", "console-refused")),
            ("choose", chooser()),
            loading(),
        ),
        size="4",
        padding_x="1.5em",
    )
