"""Form pieces of the consoles: a labelled control with its hint and problem, and a native select."""

import reflex as rx

from .i18n import tr


def field(
    label_key: str, control: rx.Component, problem: rx.Var | None = None, hint_key: str | None = None, **props
) -> rx.Component:
    """A label, the control and, under it, the hint and the problem of this field when there is one (full width)."""
    parts = [_label(label_key, control), control]
    if hint_key:
        parts.append(rx.text(tr(hint_key), size="1", color_scheme="gray"))
    if problem is not None:
        parts.append(
            rx.cond(
                problem != "", rx.text(problem, size="1", color_scheme="red", role="alert", class_name="field-problem")
            )
        )
    return rx.vstack(*parts, spacing="1", **{"width": "100%", **props})


def field_problem(problem: rx.Var) -> rx.Component:
    """What is wrong with a field, under it; nothing while there is no problem."""
    return rx.cond(
        problem != "", rx.text(problem, color_scheme="red", size="1", role="alert", class_name="field-problem")
    )


def _label(label_key: str, control: rx.Component) -> rx.Component:
    return rx.el.label(tr(label_key), html_for=control.id, font_size="var(--font-size-2)", font_weight="500")


def labelled(label_key: str, control: rx.Component, **props) -> rx.Component:
    """A label over a control, as wide as the control (filters in a row)."""
    return rx.vstack(_label(label_key, control), control, spacing="1", **props)


SELECT_STYLE = {
    "min_height": "36px",
    "padding": "0 0.5em",
    "border_radius": "var(--radius-2)",
    "border": "1px solid var(--gray-7)",
    "background": "var(--color-surface)",
    "color": "var(--gray-12)",
}


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
    return rx.el.select(*first, *items, name=name, id=element_id, **props, style=SELECT_STYLE)


def bare_input(name: str, element_id: str, label_key: str, hint_key: str | None = None, **props) -> rx.Component:
    """A required input without a visible label: its label is read out and shown as the placeholder (or `hint_key`)."""
    return rx.input(
        name=name,
        id=element_id,
        required=True,
        placeholder=tr(hint_key or label_key),
        aria_label=tr(label_key),
        **props,
    )


def search_form(
    element_id: str, hint_key: str, button_key: str, on_submit, label_key: str | None = None, **input_props
) -> rx.Component:
    """A search box (`name="query"`, `id=<element_id>-query`) and its button (`<element_id>-search`)."""
    return rx.form(
        rx.hstack(
            rx.input(
                name="query",
                id=f"{element_id}-query",
                placeholder=tr(hint_key),
                aria_label=tr(label_key or hint_key),
                **input_props,
            ),
            rx.button(rx.icon("search", size=16), tr(button_key), type="submit", id=f"{element_id}-search"),
            spacing="2",
            align="center",
        ),
        on_submit=on_submit,
    )
