"""A button with an icon before its label, the shape every console uses for its actions."""

import reflex as rx


def icon_button(icon: str, label: rx.Var | str, icon_size: int | None = None, **props) -> rx.Component:
    """`rx.button(rx.icon(icon), label, **props)`; `icon_size` sizes the icon (its default size when None)."""
    glyph = rx.icon(icon) if icon_size is None else rx.icon(icon, size=icon_size)
    return rx.button(glyph, label, **props)
