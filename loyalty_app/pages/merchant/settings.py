"""Settings page: the merchant's business name, time zone and default language (program settings are elsewhere)."""

import reflex as rx

from loyalty_app.services.merchant.settings import timezone_choices

from ...components.edit_form import bound_input, save_bar, section
from ...components.form import field
from ...components.i18n import tr
from ...i18n import LANGUAGE_NAMES
from ...state.i18n import I18nState
from .layout import console_page
from .settings_state import SettingsState

F = SettingsState.form


def problem(name: str) -> rx.Var:
    """The field's problem in the reader's language, or ''."""
    key = SettingsState.problems.get(name, "")
    return rx.cond(key != "", I18nState.messages[key].to(str), "")


def name_field() -> rx.Component:
    return bound_input(
        SettingsState,
        "name",
        "merchant.settings.name",
        "settings-name",
        problem("name"),
        "merchant.settings.name_hint",
        auto_complete="organization",
        grid_column="1 / -1",
    )


def timezone_field() -> rx.Component:
    return bound_input(
        SettingsState,
        "timezone",
        "merchant.field.timezone",
        "settings-timezone",
        problem("timezone"),
        "merchant.settings.timezone_hint",
        custom_attrs={"list": "timezone-choices"},
        auto_complete="off",
        spell_check=False,
    )


def local_time() -> rx.Component:
    return rx.cond(
        SettingsState.local_time != "",
        rx.text(
            tr("merchant.settings.local_time", time=SettingsState.local_time),
            size="2",
            color_scheme="gray",
            id="settings-local-time",
        ),
    )


def locale_field() -> rx.Component:
    return field(
        "merchant.field.default_locale",
        rx.select.root(
            rx.select.trigger(id="settings-default_locale", width="100%"),
            rx.select.content(*[rx.select.item(name, value=code) for code, name in LANGUAGE_NAMES.items()]),
            value=F["default_locale"],
            on_change=lambda v: SettingsState.set_field("default_locale", v),
        ),
        problem("default_locale"),
        hint_key="merchant.settings.locale_hint",
    )


def settings_page() -> rx.Component:
    return console_page(
        "merchant.nav.settings",
        rx.text(tr("merchant.settings.intro"), color_scheme="gray"),
        section("merchant.settings.business", name_field()),
        section(
            "merchant.settings.regional",
            rx.vstack(timezone_field(), local_time(), spacing="1", width="100%"),
            locale_field(),
        ),
        rx.el.datalist(*[rx.el.option(value=zone) for zone in timezone_choices()], id="timezone-choices"),
        save_bar(SettingsState, "merchant.settings.save", "settings"),
    )
