"""A settings form bound to a state: cards of fields, inputs that write one entry of `state.form`, the save bar.

The state has `form: dict[str, str]`, `set_field(name, value)`, `save()` and a `notice` / `notice_kind` whose
notice is a text key (it follows the reader's language).
"""

import reflex as rx

from ..state.i18n import I18nState
from .form import field
from .i18n import tr


def section(title_key: str, *children: rx.Component, columns: str = "2") -> rx.Component:
    """A card of fields under a heading, `columns` side by side."""
    return rx.card(
        rx.heading(tr(title_key), size="4", as_="h3", margin_bottom="0.75em"),
        rx.grid(*children, columns=columns, spacing="4", width="100%"),
        width="100%",
    )


def bound_input(
    state, key: str, label_key: str, element_id: str, problem: rx.Var, hint_key: str | None = None, **props
) -> rx.Component:
    """A labelled input showing `state.form[key]` and writing it back as typed; `props` go to the input
    except `grid_column`, which places the field."""
    place = {"grid_column": props.pop("grid_column")} if "grid_column" in props else {}
    return field(
        label_key,
        rx.input(
            value=state.form[key], on_change=lambda v: state.set_field(key, v), id=element_id, width="100%", **props
        ),
        problem,
        hint_key=hint_key,
        **place,
    )


def save_bar(state, label_key: str, element_id: str) -> rx.Component:
    """The save button (`<element_id>-save`) and, beside it, what saving said (`<element_id>-notice`)."""
    return rx.hstack(
        rx.button(rx.icon("save"), tr(label_key), on_click=state.save, size="3", id=f"{element_id}-save"),
        rx.cond(
            state.notice != "",
            rx.callout(
                I18nState.messages[state.notice],
                id=f"{element_id}-notice",
                size="1",
                role="status",
                color_scheme=rx.cond(state.notice_kind == "error", "red", "green"),
            ),
        ),
        align="center",
        spacing="4",
        width="100%",
    )
