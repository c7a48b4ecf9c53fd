"""The admin console frame: top bar, navigation, and the page a non-admin sees instead."""

import reflex as rx

from ...components.i18n import tr
from ...components.layout import loading, nav_link, nav_menu, refused, scripts, top_bar, with_nav
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
        nav_link(key, path, icon, path, f"admin-nav-{path.strip('/').replace('/', '-')}") for key, path, icon in NAV
    ]
    return nav_menu(links, "admin.nav.label")


def admin_page(title_key: str, *content: rx.Component) -> rx.Component:
    """An admin page: its title, the navigation on the left, and `content` once the visitor is known to be an admin."""
    return rx.box(
        scripts(),
        top_bar(tr("admin.title")),
        rx.match(
            AdminState.access,
            ("ready", with_nav(nav(), title_key, *content)),
            ("denied", refused("admin", "admin-refused", role="alert")),
            loading(),
        ),
        max_width="1500px",
        margin_x="auto",
        padding_x="1.5em",
        padding_y="1em",
    )
