"""/admin/email-log: every email with its status, attempts, provider and error text, filtered."""

import reflex as rx
from pydantic import BaseModel

from loyalty_app.services.email import log as email_log
from loyalty_app.services.email.log import EmailFilter

from ...components.i18n import tr
from ...components.paged_filter import (
    filter_bar,
    filter_dates,
    filter_select,
    filter_text,
    paged_table,
)
from . import fmt
from .layout import admin_page
from .log_reader import AdminLogState

STATUSES = ("queued", "sent", "failed")


class EmailRow(BaseModel):
    """An email of the log as the page shows it (from services.email.log's EmailLogRow)."""

    id: str
    when: str
    sent: str
    merchant: str
    code: str
    locale: str
    recipient: str
    subject: str
    status: str
    attempts: str
    provider: str
    error: str


class EmailLogState(AdminLogState, rx.State):
    filters: dict[str, str] = {"status": "", "code": "", "merchant": "", "recipient": "", "from": "", "to": ""}
    items: list[EmailRow] = []

    def _log_filter(self) -> EmailFilter:
        f = self.filters
        return EmailFilter(
            status=f["status"],
            template_code=f["code"],
            recipient=f["recipient"],
            merchant_id=self._filter_id("merchant"),
            date_from=self._filter_day("from"),
            date_to=self._filter_day("to"),
        )

    def _log_sources(self):
        return email_log.list_emails, email_log.email_codes

    def _log_rows(self, rows: list, loc: str) -> list[EmailRow]:
        return [
            EmailRow(
                id=str(e.id),
                when=fmt.when(e.created_at, loc),
                sent=fmt.when(e.sent_at, loc),
                merchant=e.merchant or "\u2014",
                code=e.template_code,
                locale=e.locale,
                recipient=e.recipient,
                subject=e.subject,
                status=e.status,
                attempts=str(e.attempts),
                provider=e.provider or "",
                error=e.error or "",
            )
            for e in rows
        ]


def _row(e: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e.when, size="1")),
        rx.table.cell(e.merchant),
        rx.table.cell(rx.vstack(rx.code(e.code), rx.text(e.locale, size="1"), spacing="1")),
        rx.table.cell(e.recipient),
        rx.table.cell(e.subject),
        rx.table.cell(
            rx.badge(e.status, color_scheme=rx.match(e.status, ("sent", "green"), ("failed", "red"), "gray"))
        ),
        rx.table.cell(e.attempts),
        rx.table.cell(e.provider),
        rx.table.cell(rx.text(e.error, color_scheme="red", size="1", white_space="pre-wrap"), max_width="24em"),
        id="email-" + e.id,
    )


COLUMNS = (
    "admin.col.when",
    "admin.col.merchant",
    "admin.templates.code",
    "admin.col.recipient",
    "admin.templates.subject",
    "admin.col.status",
    "admin.col.attempts",
    "admin.col.provider",
    "admin.col.error",
)


def _filters() -> rx.Component:
    s = EmailLogState
    return filter_bar(
        filter_select(s, "status", "admin.col.status", [(v, tr(f"admin.email.{v}")) for v in STATUSES], "log-status"),
        filter_select(s, "code", "admin.templates.code", s.choices, "log-code"),
        filter_select(s, "merchant", "admin.col.merchant", s.merchants, "log-merchant"),
        filter_text(s, "recipient", "admin.col.recipient", "log-recipient"),
        *filter_dates(s, "log"),
    )


def email_log_page() -> rx.Component:
    return admin_page("admin.nav.email_log", _filters(), *paged_table(EmailLogState, "log", COLUMNS, _row, "email-log"))
