"""Previous / "page n of m" / next under a list."""

import reflex as rx

from .i18n import tr


def _step(icon: str, on_click, disabled: rx.Var, label_key: str, element_id: str) -> rx.Component:
    return rx.button(
        rx.icon(icon), on_click=on_click, disabled=disabled, variant="soft", aria_label=tr(label_key), id=element_id
    )


def pager(page: rx.Var, pages: rx.Var, previous, following, element_id: str, keys: str = "admin.pager") -> rx.Component:
    """`keys` names the area's texts: `<keys>.previous`, `<keys>.page`, `<keys>.next`."""
    return rx.hstack(
        _step("chevron_left", previous, page <= 1, f"{keys}.previous", f"{element_id}-prev"),
        rx.text(tr(f"{keys}.page", page=page, pages=pages), size="2", id=f"{element_id}-label"),
        _step("chevron_right", following, page >= pages, f"{keys}.next", f"{element_id}-next"),
        align="center",
        spacing="3",
    )
