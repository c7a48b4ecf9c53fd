"""The landing page: where each kind of user goes."""

import reflex as rx


def _link_card(title: str, text: str, href: str) -> rx.Component:
    return rx.link(
        rx.card(rx.vstack(rx.heading(title, size="4"), rx.text(text, color_scheme="gray"), spacing="1")),
        href=href,
        underline="none",
        width="100%",
    )


def home_page() -> rx.Component:
    return rx.container(
        rx.vstack(
            rx.heading("Loyalty platform", size="8"),
            rx.text("Stamp cards and points programs for independent shops, self-hosted.", size="4"),
            rx.grid(
                _link_card("Join Café Lumière", "Customer storefront (demo)", "/s/lumiere-centre/join"),
                _link_card("Join Mode Atelier", "Customer storefront (demo)", "/s/atelier-ville/join"),
                _link_card("REST API", "OpenAPI documentation for POS integrations", "/api/v1/docs"),
                _link_card("Health", "Database, Redis and job status", "/api/v1/health"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            spacing="5",
            padding_y="3em",
        ),
        size="3",
    )
