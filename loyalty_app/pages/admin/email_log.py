"""/admin/email-log: every email with its status, attempts, provider and error text, filtered."""

from datetime import date

import reflex as rx
from pydantic import BaseModel

from loyalty_app.models.public import EmailLogPage, MerchantPublic
from loyalty_app.services.admin.merchants import list_merchants
from loyalty_app.services.email import log as email_log
from loyalty_app.services.email.log import EmailFilter

from ...components.i18n import tr
from ...db import new_session
from . import fmt
from .access import admin_context
from .layout import admin_page
from .widgets import labelled, pager, select, table

STATUSES = ("queued", "sent", "failed")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


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


def _read(f: EmailFilter, page: int) -> tuple[EmailLogPage, list[str], list[MerchantPublic]]:
    with new_session() as session:
        return (
            email_log.list_emails(session, f, page=page),
            email_log.email_codes(session),
            list_merchants(session),
        )


class EmailLogState(rx.State):
    filters: dict[str, str] = {"status": "", "code": "", "merchant": "", "recipient": "", "from": "", "to": ""}
    items: list[EmailRow] = []
    codes: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []
    page: int = 1
    pages: int = 1
    total: int = 0

    @rx.event
    async def load(self):
        self.page = 1
        await self._refresh()

    async def _refresh(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        f = self.filters
        flt = EmailFilter(
            status=f["status"],
            template_code=f["code"],
            recipient=f["recipient"],
            merchant_id=int(f["merchant"]) if f["merchant"].isdigit() else None,
            date_from=_day(f["from"]),
            date_to=_day(f["to"]),
        )
        page = self.page
        data, codes, merchants = await rx.run_in_thread(lambda: _read(flt, page))
        self.page, self.pages, self.total = data.page, data.pages, data.total
        self.codes = [{"id": c, "name": c} for c in codes]
        self.merchants = [{"id": str(m.id), "name": m.name} for m in merchants]
        self.items = [
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
            for e in data.items
        ]

    @rx.event
    async def set_filter(self, name: str, value: str):
        self.filters = {**self.filters, name: value}
        self.page = 1
        await self._refresh()

    @rx.event
    async def previous(self):
        self.page = max(1, self.page - 1)
        await self._refresh()

    @rx.event
    async def following(self):
        self.page += 1
        await self._refresh()


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


def email_log_page() -> rx.Component:
    s = EmailLogState
    return admin_page(
        "admin.nav.email_log",
        rx.hstack(
            labelled(
                "admin.col.status",
                select(
                    "status",
                    [(v, tr(f"admin.email.{v}")) for v in STATUSES],
                    "log-status",
                    s.filters["status"],
                    lambda v: s.set_filter("status", v),
                    all_key="admin.filter.all",
                ),
            ),
            labelled(
                "admin.templates.code",
                select(
                    "code",
                    s.codes,
                    "log-code",
                    s.filters["code"],
                    lambda v: s.set_filter("code", v),
                    all_key="admin.filter.all",
                ),
            ),
            labelled(
                "admin.col.merchant",
                select(
                    "merchant",
                    s.merchants,
                    "log-merchant",
                    s.filters["merchant"],
                    lambda v: s.set_filter("merchant", v),
                    all_key="admin.filter.all",
                ),
            ),
            labelled(
                "admin.col.recipient",
                rx.input(
                    value=s.filters["recipient"],
                    id="log-recipient",
                    on_change=lambda v: s.set_filter("recipient", v),
                    debounce_timeout=400,
                ),
            ),
            labelled(
                "admin.filter.from",
                rx.input(
                    type="date", value=s.filters["from"], id="log-from", on_change=lambda v: s.set_filter("from", v)
                ),
            ),
            labelled(
                "admin.filter.to",
                rx.input(type="date", value=s.filters["to"], id="log-to", on_change=lambda v: s.set_filter("to", v)),
            ),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        rx.text(tr("admin.filter.total", count=s.total), size="2", id="log-total"),
        table(
            (
                "admin.col.when",
                "admin.col.merchant",
                "admin.templates.code",
                "admin.col.recipient",
                "admin.templates.subject",
                "admin.col.status",
                "admin.col.attempts",
                "admin.col.provider",
                "admin.col.error",
            ),
            s.items,
            _row,
            "admin.empty",
            "email-log",
        ),
        pager(s.page, s.pages, s.previous, s.following, "log-pager"),
    )
