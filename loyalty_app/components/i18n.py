"""`tr(key)`: a translated text in the UI, following the reader's language; and the language switcher."""

import reflex as rx

from ..i18n import LANGUAGE_NAMES
from ..state.i18n import I18nState


def tr(key: str | rx.Var, **params) -> rx.Var:
    """The text of `key` in the reader's language, with {params} filled from state vars or values."""
    return fill(I18nState.messages[key].to(str), **params)


def tr_var(key: rx.Var, **params) -> rx.Var:
    """The translated text of a key that is itself a state value (e.g. a KPI's label key)."""
    return tr(key, **params)


def fill(text: rx.Var, **params) -> rx.Var:
    for name, value in params.items():
        text = text.replace("{" + name + "}", rx.Var.create(value).to(str))
    return text


def language_switcher() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=tr("language.label"), min_height="44px"),
        rx.select.content(*[rx.select.item(name, value=code) for code, name in LANGUAGE_NAMES.items()]),
        value=I18nState.locale,
        on_change=I18nState.choose,
        size="3",
    )
