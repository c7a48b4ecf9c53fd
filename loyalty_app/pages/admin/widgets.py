"""Small pieces of the admin pages: a translated text by a key held in state, tiles, notices, tables, a pager."""

import reflex as rx

from ...components.i18n import tr
from ...state.i18n import I18nState


def tr_var(key: rx.Var) -> rx.Var:
    """The translated text of a key that is itself a state value (e.g. a KPI's label key)."""
    return I18nState.messages[key].to(str)


def tile(label: rx.Var, value: rx.Var, element_id: str | rx.Var | None = None) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.text(value, size="6", weight="bold"), spacing="1"),
        id=element_id,
    )


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


def header_row(*keys: str) -> rx.Component:
    return rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(k)) for k in keys]))


def empty_row(key: str, columns: int) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.text(tr(key), color_scheme="gray"), col_span=columns))


def table(keys: tuple[str, ...], rows: rx.Var, row, empty_key: str, element_id: str) -> rx.Component:
    """A table of `rows` (state list) drawn by `row(item)`, with a line saying so when it is empty."""
    return rx.box(
        rx.table.root(
            header_row(*keys),
            rx.table.body(rx.cond(rows.length() > 0, rx.foreach(rows, row), empty_row(empty_key, len(keys)))),
            variant="surface",
            size="1",
            width="100%",
            id=element_id,
        ),
        overflow_x="auto",
        width="100%",
    )


def pager(page: rx.Var, pages: rx.Var, previous, following, element_id: str) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("chevron_left"),
            on_click=previous,
            disabled=page <= 1,
            variant="soft",
            aria_label=tr("admin.pager.previous"),
            id=f"{element_id}-prev",
        ),
        rx.text(tr("admin.pager.page", page=page, pages=pages), size="2", id=f"{element_id}-label"),
        rx.button(
            rx.icon("chevron_right"),
            on_click=following,
            disabled=page >= pages,
            variant="soft",
            aria_label=tr("admin.pager.next"),
            id=f"{element_id}-next",
        ),
        align="center",
        spacing="3",
    )


def labelled(label_key: str, control: rx.Component, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(tr(label_key), html_for=control.id, font_size="var(--font-size-2)", font_weight="500"),
        control,
        spacing="1",
        **props,
    )


def select(
    name: str,
    options: rx.Var | list[tuple[str, rx.Var]],
    element_id: str,
    value: rx.Var | None = None,
    on_change=None,
    all_key: str | None = None,
) -> rx.Component:
    """A native select: `options` is a state list of {"id", "name"} or a list of (value, label) pairs.

    `all_key` adds an empty first choice (no filter); without `value` the select is left to the browser (forms).
    """
    first = [rx.el.option(tr(all_key), value="")] if all_key else []
    if isinstance(options, rx.Var):
        items = [rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"]))]
    else:
        items = [rx.el.option(label, value=v) for v, label in options]
    props = {} if value is None else {"value": value, "on_change": on_change}
    return rx.el.select(
        *first,
        *items,
        name=name,
        id=element_id,
        **props,
        style={
            "min_height": "36px",
            "padding": "0 0.5em",
            "border_radius": "var(--radius-2)",
            "border": "1px solid var(--gray-7)",
            "background": "var(--color-surface)",
            "color": "var(--gray-12)",
        },
    )


def pre(text: rx.Var, element_id: str) -> rx.Component:
    return rx.el.pre(
        text,
        id=element_id,
        style={
            "white_space": "pre-wrap",
            "word_break": "break-all",
            "font_size": "12px",
            "max_height": "28em",
            "overflow": "auto",
            "background": "var(--gray-2)",
            "padding": "0.75em",
            "border_radius": "var(--radius-2)",
            "margin": "0",
        },
    )
