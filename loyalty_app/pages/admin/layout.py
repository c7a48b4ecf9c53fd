"""The admin console frame: top bar, navigation, and the page a non-admin sees instead."""

import reflex as rx

from ...components.i18n import tr
from ...components.layout import scripts, top_bar
from ...state.auth import AuthState
from .access import AdminState

NAV = (
    ("admin.nav.overview", "/admin", "layout_dashboard"),
    ("admin.nav.merchants", "/admin/merchants", "building_2"),
    ("admin.nav.act", "/admin/act", "user_cog"),
    ("admin.nav.customers", "/admin/customers", "users"),
    ("admin.nav.trash", "/admin/trash", "trash_2"),
    ("admin.nav.templates", "/admin/emails", "mail"),
    ("admin.nav.email_log", "/admin/email-log", "mails"),
    ("admin.nav.wallet", "/admin/wallet", "wallet"),
    ("admin.nav.audit", "/admin/audit", "scroll_text"),
)


def nav() -> rx.Component:
    links = [
        rx.link(
            rx.hstack(rx.icon(icon, size=18), rx.text(tr(key), size="3"), align="center", spacing="2"),
            href=path,
            underline="none",
            padding="0.4em 0.6em",
            border_radius="var(--radius-3)",
            width="100%",
            id=f"admin-nav-{path.strip('/').replace('/', '-')}",
            background=rx.cond(rx.State.router.url.path == path, rx.color("accent", 4), "transparent"),
        )
        for key, path, icon in NAV
    ]
    return rx.vstack(*links, spacing="1", width="100%", as_="nav", aria_label=tr("admin.nav.label"))


def refused() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield_x")),
        rx.callout.text(rx.heading(tr("admin.denied.title"), size="5", as_="h2")),
        rx.callout.text(tr("admin.denied.body")),
        rx.hstack(
            rx.button(tr("auth.switch_user"), on_click=AuthState.switch_user, size="3"),
            rx.link(rx.button(tr("nav.home"), variant="soft", size="3"), href="/"),
            spacing="3",
        ),
        color_scheme="red",
        size="3",
        id="admin-refused",
        role="alert",
    )


def admin_page(title_key: str, *content: rx.Component) -> rx.Component:
    """An admin page: its title, the navigation on the left, and `content` once the visitor is known to be an admin."""
    return rx.box(
        scripts(),
        top_bar(tr("admin.title")),
        rx.match(
            AdminState.access,
            (
                "ready",
                rx.grid(
                    rx.box(nav(), padding_top="0.5em"),
                    rx.vstack(
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
            rx.center(rx.spinner(size="3"), padding="3em"),
        ),
        max_width="1500px",
        margin_x="auto",
        padding_x="1.5em",
        padding_y="1em",
    )
