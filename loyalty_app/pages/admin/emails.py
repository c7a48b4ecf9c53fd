"""/admin/emails: edit a platform template per code and language with a live preview; overrides; a test email."""

import reflex as rx

from loyalty_app.services.email.defaults import CODES

from ...components.buttons import icon_button
from ...components.form import labelled, select
from ...components.i18n import tr
from ...components.notice import notice
from ...components.table import cells, pre, table
from ...i18n import LANGUAGE_NAMES
from .layout import admin_page
from .templates_state import TemplatesState

CODE_CHOICES = [(code, tr(f"admin.template.{code}")) for code in CODES]
LOCALE_CHOICES = list(LANGUAGE_NAMES.items())
MONO = {"font_family": "var(--code-font-family)", "font_size": "12px"}


def _body(label_key: str, value: rx.Var, on_change, rows: str, element_id: str) -> rx.Component:
    """A monospace text area of the template, sent a moment after typing stops."""
    return labelled(
        label_key,
        rx.text_area(
            value=value,
            on_change=on_change,
            rows=rows,
            id=element_id,
            debounce_timeout=400,
            width="100%",
            style=MONO,
        ),
        width="100%",
    )


def _test_email() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="recipient",
                type="email",
                required=True,
                id="tpl-test-recipient",
                placeholder=tr("admin.templates.test_recipient"),
                aria_label=tr("admin.templates.test_recipient"),
            ),
            icon_button(
                "send", tr("admin.templates.send_test"), icon_size=16, type="submit", variant="soft", id="tpl-send-test"
            ),
            spacing="2",
        ),
        on_submit=TemplatesState.send_test,
    )


def _editor() -> rx.Component:
    s = TemplatesState
    return rx.vstack(
        labelled(
            "admin.templates.subject",
            rx.input(value=s.subject, on_change=s.edit_subject, id="tpl-subject", debounce_timeout=400, width="100%"),
            width="100%",
        ),
        _body("admin.templates.body_text", s.body_text, s.edit_body_text, "10", "tpl-text"),
        _body("admin.templates.body_html", s.body_html, s.edit_body_html, "14", "tpl-html"),
        rx.text(tr("admin.templates.variables"), size="1", color_scheme="gray"),
        rx.hstack(
            rx.button(rx.icon("save", size=16), tr("admin.templates.save"), on_click=s.save, id="tpl-save"),
            _test_email(),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _preview() -> rx.Component:
    s = TemplatesState
    return rx.vstack(
        rx.hstack(
            rx.heading(tr("admin.templates.preview"), size="4", as_="h3"),
            rx.cond(
                s.viewing != "",
                rx.hstack(
                    rx.badge(tr("admin.templates.viewing", name=s.viewing), color_scheme="amber"),
                    rx.button(tr("admin.templates.back"), size="1", variant="soft", on_click=s.back_to_editor),
                    spacing="2",
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            s.problem != "",
            rx.callout(s.problem, color_scheme="red", icon="triangle_alert", size="1", id="tpl-problem"),
        ),
        rx.text(rx.text.strong(tr("admin.templates.subject")), ": ", s.preview_subject, id="tpl-preview-subject"),
        rx.el.iframe(
            src_doc=s.preview_html,
            sandbox="",
            title=tr("admin.templates.preview"),
            id="tpl-preview-html",
            style={
                "width": "100%",
                "height": "32em",
                "border": "1px solid var(--gray-6)",
                "border_radius": "var(--radius-2)",
                "background": "white",
            },
        ),
        pre(s.preview_text, "tpl-preview-text"),
        spacing="3",
        width="100%",
        min_width="0",
    )


def _override_row(o: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(o["merchant"]),
        rx.table.cell(rx.code(o["code"])),
        *cells(o, "locale", "subject", "updated"),
        rx.table.cell(
            rx.button(
                tr("admin.templates.view"), size="1", variant="soft", on_click=TemplatesState.view_override(o["id"])
            )
        ),
    )


def templates_page() -> rx.Component:
    s = TemplatesState
    return admin_page(
        "admin.nav.templates",
        rx.hstack(
            labelled("admin.templates.code", select("code", CODE_CHOICES, "tpl-code", s.code, s.choose_code)),
            labelled(
                "admin.templates.locale", select("locale", LOCALE_CHOICES, "tpl-locale", s.locale, s.choose_locale)
            ),
            spacing="4",
            wrap="wrap",
        ),
        notice(s.notice, s.notice_kind, "tpl-notice"),
        rx.grid(_editor(), _preview(), columns=rx.breakpoints(initial="1", lg="2"), spacing="5", width="100%"),
        rx.heading(tr("admin.templates.overrides"), size="4", as_="h3"),
        table(
            (
                "admin.col.merchant",
                "admin.templates.code",
                "admin.templates.locale",
                "admin.templates.subject",
                "admin.col.updated",
                "admin.col.actions",
            ),
            s.overrides,
            _override_row,
            "admin.templates.no_overrides",
            "tpl-overrides",
        ),
    )
