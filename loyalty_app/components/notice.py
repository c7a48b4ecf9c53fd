"""The green or red line after an action, and a stat tile."""

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


def tile(label: rx.Var, value: rx.Var, element_id: str | rx.Var | None = None, **props) -> rx.Component:
    """A small card: a grey label over a big value."""
    return rx.card(
        rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.text(value, size="6", weight="bold"), spacing="1"),
        id=element_id,
        **props,
    )
