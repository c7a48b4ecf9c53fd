"""The enrollment form of SPEC 'Enrollment': labelled fields, inline problems, terms in a dialog or a link."""

import reflex as rx

from ...components.i18n import tr
from ...i18n import LANGUAGE_NAMES
from ...state.i18n import I18nState
from .join_state import JoinState
from .store_state import StoreState
from .widgets import brand, touch_button, tr_key

problems = JoinState.problems


def _error(name: str, error_id: str) -> rx.Component:
    return rx.el.p(
        rx.cond(problems.contains(name), tr_key(problems[name].to(str)), ""), id=error_id, class_name="sf-error"
    )


def _label(key: str, html_for: str, optional: bool = False) -> rx.Component:
    return rx.el.label(
        tr(key),
        rx.cond(optional, rx.el.span(" (", tr("storefront.field.optional"), ")", class_name="sf-hint")),
        html_for=html_for,
        class_name="sf-label",
    )


def text_field(name: str, label_key: str, optional: bool = False, **props) -> rx.Component:
    field_id = f"join-{name.replace('_', '-')}"
    error_id = f"{field_id}-error"
    return rx.vstack(
        _label(label_key, field_id, optional),
        rx.el.input(
            id=field_id,
            name=name,
            class_name="sf-input",
            aria_describedby=error_id,
            aria_invalid=rx.cond(problems.contains(name), "true", "false"),
            aria_required="false" if optional else "true",
            **props,
        ),
        _error(name, error_id),
        spacing="1",
        width="100%",
    )


def _select(name: str, label_key: str, options: list, **props) -> rx.Component:
    field_id = f"join-{name.replace('_', '-')}"
    control = rx.el.select(
        *options, id=field_id, name=name, class_name="sf-select", width="100%", **_birthday_part_props(), **props
    )
    return _birthday_part(label_key, field_id, control, "1")


def _birthday_part_props() -> dict:
    """What the day, month and year controls share: the error they are described by and flagged with."""
    return {
        "aria_describedby": "join-birthday-error",
        "aria_invalid": rx.cond(problems.contains("birthday"), "true", "false"),
    }


def _birthday_part(label_key: str, field_id: str, control: rx.Component, flex: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(tr(label_key), html_for=field_id, class_name="sf-hint"), control, spacing="1", flex=flex
    )


def birthday_field() -> rx.Component:
    """Day, month (named in the reader's language) and year: a date that follows the page's language."""
    return rx.el.fieldset(
        rx.el.legend(
            tr("storefront.field.birthday"),
            rx.el.span(" (", tr("storefront.field.optional"), ")", class_name="sf-hint"),
            class_name="sf-label",
        ),
        rx.el.p(tr("storefront.field.birthday_hint"), class_name="sf-hint", id="join-birthday-hint"),
        rx.hstack(
            _select(
                "birthday_day",
                "storefront.field.day",
                [rx.el.option("", value=""), *[rx.el.option(str(d), value=str(d)) for d in range(1, 32)]],
                auto_complete="bday-day",
            ),
            _select(
                "birthday_month",
                "storefront.field.month",
                [
                    rx.el.option("", value=""),
                    *[rx.el.option(tr(f"storefront.month.{m}"), value=str(m)) for m in range(1, 13)],
                ],
                auto_complete="bday-month",
            ),
            _birthday_part(
                "storefront.field.year",
                "join-birthday-year",
                rx.el.input(
                    id="join-birthday-year",
                    name="birthday_year",
                    input_mode="numeric",
                    max_length=4,
                    auto_complete="bday-year",
                    class_name="sf-input",
                    **_birthday_part_props(),
                ),
                "1.2",
            ),
            spacing="2",
            width="100%",
            margin_top="6px",
        ),
        _error("birthday", "join-birthday-error"),
        class_name="sf-fieldset",
        width="100%",
    )


def language_field() -> rx.Component:
    return rx.vstack(
        rx.el.label(tr("storefront.field.language"), html_for="join-locale", class_name="sf-label"),
        rx.el.select(
            *[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGE_NAMES.items()],
            id="join-locale",
            name="locale",
            value=I18nState.locale,
            class_name="sf-select",
            width="100%",
            on_change=[I18nState.choose, StoreState.relocalize, JoinState.relocalize],
        ),
        spacing="1",
        width="100%",
    )


def _terms_dialog() -> rx.Component:
    return rx.dialog.content(
        # Portalled outside the page: the light scheme and brand colours come along in a theme of its own.
        rx.theme(
            rx.box(
                rx.dialog.title(tr("storefront.terms.title")),
                rx.dialog.description(brand.terms_text, size="3", white_space="pre-line"),
                rx.flex(
                    rx.dialog.close(touch_button(tr("storefront.terms.close"), id="terms-close")),
                    justify="end",
                    margin_top="1em",
                ),
                padding="24px",
                style=StoreState.theme,
            ),
            class_name="light",
            has_background=True,
        ),
        max_width="28rem",
        padding="0",
        overflow="hidden",
        id="terms-dialog",
    )


def _terms_link() -> rx.Component:
    return rx.link(
        tr("storefront.terms.link"),
        rx.icon("external-link", size=16),
        href=brand.terms_url,
        is_external=True,
        class_name="sf-button sf-button-secondary",
        id="terms-link",
    )


def terms_reader() -> rx.Component:
    """The program's terms: a dialog (focus kept inside, Escape closes, focus returns) or the merchant's page."""
    opener = touch_button(
        rx.icon("file-text", size=18), tr("storefront.terms.read"), type="button", variant="soft", id="terms-open"
    )
    return rx.cond(
        brand.terms_text != "",
        rx.dialog.root(rx.dialog.trigger(opener), _terms_dialog()),
        rx.cond(brand.terms_url != "", _terms_link()),
    )


def check(name: str, label_key: str, error: bool = False) -> rx.Component:
    field_id = f"join-{name.replace('_', '-')}"
    props = (
        {"aria_describedby": f"{field_id}-error", "aria_invalid": rx.cond(problems.contains(name), "true", "false")}
        if error
        else {}
    )
    return rx.vstack(
        rx.el.label(
            rx.el.input(type="checkbox", id=field_id, name=name, **props),
            rx.el.span(tr(label_key)),
            html_for=field_id,
            class_name="sf-check",
        ),
        _error(name, f"{field_id}-error") if error else rx.fragment(),
        spacing="1",
        width="100%",
    )


def join_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(tr("storefront.form.heading"), as_="h2", size="5"),
            rx.text(tr("storefront.form.required_note"), class_name="sf-hint"),
            text_field(
                "email",
                "storefront.field.email",
                type="email",
                auto_complete="email",
                input_mode="email",
                spell_check=False,
                auto_capitalize="none",
            ),
            text_field("first_name", "storefront.field.first_name", auto_complete="given-name"),
            text_field("last_name", "storefront.field.last_name", optional=True, auto_complete="family-name"),
            text_field("phone", "storefront.field.phone", optional=True, type="tel", auto_complete="tel"),
            birthday_field(),
            language_field(),
            check("marketing_consent", "storefront.field.marketing"),
            check("accept_terms", "storefront.field.terms", error=True),
            terms_reader(),
            rx.box(
                rx.cond(
                    JoinState.form_error != "",
                    rx.callout(
                        tr_key(JoinState.form_error), icon="triangle_alert", color_scheme="red", id="form-error"
                    ),
                ),
                role="alert",
                width="100%",
            ),
            rx.button(
                tr("storefront.form.submit"),
                type="submit",
                size="4",
                width="100%",
                min_height="52px",
                loading=JoinState.submitting,
                id="join-submit",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=JoinState.submit,
        no_validate=True,
        width="100%",
        id="join-form",
    )
