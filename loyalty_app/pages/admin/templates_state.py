"""The email template editor's state: the platform default being edited, its live preview, the overrides."""

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.email import preview as email_preview
from loyalty_app.services.email.defaults import CODES

from ...components.failure import failure_text
from ...db import new_session
from ...i18n import t
from . import fmt
from .access import admin_context


def _load(code: str, locale: str) -> tuple[tuple[str, str, str], list[dict]]:
    with new_session() as session:
        row = email_preview.platform_default(session, code, locale)
        return (row.subject, row.body_text, row.body_html), email_preview.list_overrides(session)


def _override(template_id: int) -> tuple[str, str, str, str, str]:
    with new_session() as session:
        row = email_preview.get_override(session, template_id)
        return row.code, row.locale, row.subject, row.body_text, row.body_html


def _save(code, locale, sources, actor) -> None:
    with new_session() as session:
        email_preview.save_default(session, code, locale, *sources, actor)


def _send(code, locale, recipient, sources, actor) -> int:
    with new_session() as session:
        return email_preview.send_test(session, code, locale, recipient, *sources, actor).id


class TemplatesState(rx.State):
    code: str = CODES[0]
    locale: str = "en"
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    preview_subject: str = ""
    preview_text: str = ""
    preview_html: str = ""
    problem: str = ""
    viewing: str = ""  # the override shown in the preview instead of the editor's text
    overrides: list[dict[str, str]] = []
    notice: str = ""
    notice_kind: str = "ok"

    @rx.event
    async def load(self):
        self.notice, self.viewing = "", ""
        await self._open()

    async def _open(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        code, locale = self.code, self.locale
        try:
            (self.subject, self.body_text, self.body_html), overrides = await rx.run_in_thread(
                lambda: _load(code, locale)
            )
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "admin", loc)
            return
        self.overrides = [
            {
                "id": str(o["id"]),
                "merchant": o["merchant"],
                "code": o["code"],
                "locale": o["locale"],
                "subject": o["subject"],
                "updated": fmt.when(o["updated_at"], loc),
            }
            for o in overrides
        ]
        await self._preview(self.subject, self.body_text, self.body_html, self.code, self.locale)

    async def _preview(self, subject: str, body_text: str, body_html: str, code: str, locale: str):
        _, loc = await admin_context(self)
        try:
            out = await rx.run_in_thread(lambda: email_preview.preview(code, locale, subject, body_text, body_html))
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "admin", loc)
            return
        self.problem = ""
        self.preview_subject, self.preview_text, self.preview_html = out.subject, out.body_text, out.body_html

    @rx.event
    async def choose_code(self, code: str):
        self.code, self.viewing, self.notice = code, "", ""
        await self._open()

    @rx.event
    async def choose_locale(self, locale: str):
        self.locale, self.viewing, self.notice = locale, "", ""
        await self._open()

    async def _edit(self, field: str, value: str):
        if field in ("subject", "body_text", "body_html"):
            setattr(self, field, value)
        self.viewing = ""
        await self._preview(self.subject, self.body_text, self.body_html, self.code, self.locale)

    @rx.event
    async def edit_subject(self, value: str):
        await self._edit("subject", value)

    @rx.event
    async def edit_body_text(self, value: str):
        await self._edit("body_text", value)

    @rx.event
    async def edit_body_html(self, value: str):
        await self._edit("body_html", value)

    @rx.event
    async def view_override(self, template_id: str):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        try:
            code, locale, *sources = await rx.run_in_thread(lambda: _override(int(template_id)))
        except errors.DomainError as exc:
            self.problem = failure_text(exc, "admin", loc)
            return
        name = next((o["merchant"] for o in self.overrides if o["id"] == template_id), "")
        self.viewing = f"{name} \u00b7 {code} \u00b7 {locale}"
        await self._preview(*sources, code, locale)

    @rx.event
    async def back_to_editor(self):
        self.viewing = ""
        await self._preview(self.subject, self.body_text, self.body_html, self.code, self.locale)

    @rx.event
    async def save(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        code, locale, sources = self.code, self.locale, (self.subject, self.body_text, self.body_html)
        try:
            await rx.run_in_thread(lambda: _save(code, locale, sources, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "admin", loc), "error"
            return
        self.notice, self.notice_kind = t("admin.templates.saved", loc, code=code, locale=locale), "ok"

    @rx.event
    async def send_test(self, form: dict):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        recipient = str(form.get("recipient", ""))
        code, locale, sources = self.code, self.locale, (self.subject, self.body_text, self.body_html)
        try:
            email_id = await rx.run_in_thread(lambda: _send(code, locale, recipient, sources, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "admin", loc), "error"
            return
        self.notice, self.notice_kind = t("admin.templates.test_queued", loc, id=email_id), "ok"
