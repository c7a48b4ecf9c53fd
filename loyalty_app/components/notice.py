"""The green or red line after an action, and stat tiles."""

import reflex as rx


def notice(text: rx.Var, kind: rx.Var, element_id: str = "notice") -> rx.Component:
    """A green or red line after an action, read out by screen readers."""
    return rx.box(
        rx.cond(
            text != "",
            rx.callout(
                text,
                id=element_id,
                size="1",
                color_scheme=rx.cond(kind == "error", "red", "green"),
                icon=rx.cond(kind == "error", "triangle_alert", "check"),
            ),
        ),
        role="status",
        width="100%",
    )


def tile(label: rx.Var, value: rx.Var, element_id: str | rx.Var | None = None, value_id: str | None = None, **props):
    """A small card: a grey label over a big value (`value_id` names the value alone, `element_id` the card)."""
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="6", weight="bold", id=value_id),
            spacing="1",
        ),
        id=element_id,
        **props,
    )


def tile_grid(*tiles: rx.Component, element_id: str | None = None) -> rx.Component:
    """Tiles side by side, as many in a row as fit (one or two on a phone)."""
    return rx.grid(*tiles, columns="repeat(auto-fill, minmax(11em, 1fr))", spacing="3", width="100%", id=element_id)
