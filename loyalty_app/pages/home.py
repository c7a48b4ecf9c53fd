"""The landing page: where each kind of user goes."""

import reflex as rx

from ..components.i18n import tr
from ..components.layout import top_bar


def _link_card(title: rx.Var, text: rx.Var, href: str) -> rx.Component:
    return rx.link(
        rx.card(rx.vstack(rx.heading(title, size="4"), rx.text(text, color_scheme="gray"), spacing="1")),
        href=href,
        underline="none",
        width="100%",
    )


def home_page() -> rx.Component:
    return rx.container(
        top_bar(tr("app.name")),
        rx.vstack(
            rx.text(tr("home.tagline"), size="4"),
            rx.grid(
                _link_card(tr("home.join_lumiere"), tr("home.storefront_demo"), "/s/lumiere-centre/join"),
                _link_card(tr("home.join_atelier"), tr("home.storefront_demo"), "/s/atelier-ville/join"),
                _link_card(tr("home.staff"), tr("home.staff_text"), "/login"),
                _link_card(tr("home.api"), tr("home.api_text"), "/api/v1/docs"),
                _link_card(tr("home.health"), tr("home.health_text"), "/api/v1/health"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            spacing="5",
            padding_y="2em",
        ),
        size="3",
    )
