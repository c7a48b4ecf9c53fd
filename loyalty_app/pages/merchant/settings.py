"""Settings page: the merchant's business name, time zone and default language (program settings are elsewhere)."""

import reflex as rx

from loyalty_app.services.merchant.settings import timezone_choices

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


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.heading(tr(title_key), size="4", as_="h3", margin_bottom="0.75em"),
        rx.grid(*children, columns="2", spacing="4", width="100%"),
        width="100%",
    )


def name_field() -> rx.Component:
    return field(
        "merchant.settings.name",
        rx.input(
            value=F["name"],
            on_change=lambda v: SettingsState.set_field("name", v),
            id="settings-name",
            width="100%",
            auto_complete="organization",
        ),
        problem("name"),
        hint_key="merchant.settings.name_hint",
        grid_column="1 / -1",
    )


def timezone_field() -> rx.Component:
    return field(
        "merchant.field.timezone",
        rx.input(
            value=F["timezone"],
            on_change=lambda v: SettingsState.set_field("timezone", v),
            id="settings-timezone",
            width="100%",
            custom_attrs={"list": "timezone-choices"},
            auto_complete="off",
            spell_check=False,
        ),
        problem("timezone"),
        hint_key="merchant.settings.timezone_hint",
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


def save_bar() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("save"), tr("merchant.settings.save"), on_click=SettingsState.save, size="3", id="settings-save"
        ),
        rx.cond(
            SettingsState.notice != "",
            rx.callout(
                I18nState.messages[SettingsState.notice],
                id="settings-notice",
                size="1",
                role="status",
                color_scheme=rx.cond(SettingsState.notice_kind == "error", "red", "green"),
            ),
        ),
        align="center",
        spacing="4",
        width="100%",
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
        save_bar(),
    )
