"""Tables of the consoles: a header of translated column names, a line for an empty list, a scrolling table."""

import reflex as rx

from .i18n import tr


def header_row(*keys: str) -> rx.Component:
    return rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(k)) for k in keys]))


def empty_row(key: str, columns: int) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.text(tr(key), color_scheme="gray"), col_span=columns))


def error_cell(text: rx.Var) -> rx.Component:
    """A cell with what went wrong, small and red (empty when nothing did)."""
    return rx.table.cell(rx.text(text, color_scheme="red", size="1"))


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


def pre(text: rx.Var, element_id: str) -> rx.Component:
    """Raw text (JSON, a rendered email) kept as written, scrolling when long."""
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


def cells(row: rx.Var, *names: str) -> list[rx.Component]:
    """A plain cell for each field `names` of `row`, in order."""
    return [rx.table.cell(row[n]) for n in names]
