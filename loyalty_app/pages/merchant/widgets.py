"""Small pieces every console page uses: a labelled field with its problem, a notice, a pager, a table."""

import reflex as rx

from ...components.i18n import tr
from ...state.i18n import I18nState


def field(
    label_key: str, control: rx.Component, problem: rx.Var | None = None, hint_key: str | None = None, **props
) -> rx.Component:
    """A label, the control and, under it, the problem of this field when there is one."""
    label = rx.el.label(tr(label_key), html_for=control.id, font_size="var(--font-size-2)", font_weight="500")
    parts = [label, control]
    if hint_key:
        parts.append(rx.text(tr(hint_key), size="1", color_scheme="gray"))
    if problem is not None:
        parts.append(
            rx.cond(
                problem != "", rx.text(problem, size="1", color_scheme="red", role="alert", class_name="field-problem")
            )
        )
    return rx.vstack(*parts, spacing="1", width="100%", **props)


def tr_count(key: str, count: rx.Var, **params) -> rx.Var:
    """`key` with {count}, or `key.one` for a single item (and for none, in French)."""
    one = (count == 1) | ((count == 0) & (I18nState.locale == "fr"))
    return rx.cond(one, tr(f"{key}.one", count=count, **params), tr(key, count=count, **params))


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


def pager(page: rx.Var, pages: rx.Var, previous, following, element_id: str) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("chevron_left"),
            on_click=previous,
            disabled=page <= 1,
            variant="soft",
            aria_label=tr("merchant.pager.previous"),
            id=f"{element_id}-prev",
        ),
        rx.text(tr("merchant.pager.page", page=page, pages=pages), size="2", id=f"{element_id}-label"),
        rx.button(
            rx.icon("chevron_right"),
            on_click=following,
            disabled=page >= pages,
            variant="soft",
            aria_label=tr("merchant.pager.next"),
            id=f"{element_id}-next",
        ),
        align="center",
        spacing="3",
    )


def header_row(*keys: str) -> rx.Component:
    return rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(k)) for k in keys]))


def empty_row(key: str, columns: int) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.text(tr(key), color_scheme="gray"), col_span=columns))
