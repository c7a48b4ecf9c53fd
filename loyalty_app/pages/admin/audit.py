"""/admin/audit: the audit log, filtered by actor, merchant, action and date."""

import reflex as rx

from loyalty_app.services.admin import audit_log as admin_logs
from loyalty_app.services.admin.audit_log import AuditFilter

from ...components.i18n import tr
from ...components.paged_filter import (
    filter_bar,
    filter_dates,
    filter_select,
    filter_text,
    paged_table,
)
from ...i18n import t
from . import fmt
from .layout import admin_page
from .log_reader import AdminLogState


class AuditState(AdminLogState, rx.State):
    filters: dict[str, str] = {"actor": "", "merchant": "", "action": "", "from": "", "to": ""}
    items: list[dict[str, str]] = []

    def _log_filter(self) -> AuditFilter:
        f = self.filters
        return AuditFilter(
            actor=f["actor"],
            action=f["action"],
            date_from=self._filter_day("from"),
            date_to=self._filter_day("to"),
            merchant_id=self._filter_id("merchant"),
        )

    def _log_sources(self):
        return admin_logs.list_audit, admin_logs.audit_actions

    def _log_rows(self, rows: list, loc: str) -> list[dict[str, str]]:
        system = t("admin.audit.system", loc)
        return [
            {
                "id": str(r["id"]),
                "when": fmt.when(r["created_at"], loc),
                "action": r["action"],
                "actor": r["actor"] or ("#" + str(r["actor_user_id"]) if r["actor_user_id"] else system),
                "admin": r["acting_admin"] or "",
                "merchant": r["merchant"] or "\u2014",
                "entity": f"{r['entity_type']} #{r['entity_id']}" if r["entity_id"] else r["entity_type"],
                "old": fmt.compact(r["old_values"]),
                "new": fmt.compact(r["new_values"]),
                "ip": r["ip_address"] or "",
            }
            for r in rows
        ]


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["when"], size="1")),
        rx.table.cell(rx.code(r["action"])),
        rx.table.cell(
            rx.vstack(
                rx.text(r["actor"], size="2"),
                rx.cond(
                    r["admin"] != "", rx.badge(tr("admin.audit.on_behalf", admin=r["admin"]), color_scheme="amber")
                ),
                spacing="1",
            )
        ),
        rx.table.cell(r["merchant"]),
        rx.table.cell(rx.text(r["entity"], size="1")),
        rx.table.cell(rx.text(r["old"], size="1", word_break="break-all"), max_width="16em"),
        rx.table.cell(rx.text(r["new"], size="1", word_break="break-all"), max_width="16em"),
        rx.table.cell(rx.text(r["ip"], size="1")),
        id="audit-" + r["id"],
    )


COLUMNS = (
    "admin.col.when",
    "admin.audit.action",
    "admin.audit.actor",
    "admin.col.merchant",
    "admin.audit.entity",
    "admin.audit.old",
    "admin.audit.new",
    "admin.audit.ip",
)


def _filters() -> rx.Component:
    s = AuditState
    return filter_bar(
        filter_text(s, "actor", "admin.audit.actor", "audit-actor"),
        filter_select(s, "merchant", "admin.col.merchant", s.merchants, "audit-merchant"),
        filter_select(s, "action", "admin.audit.action", s.choices, "audit-action"),
        *filter_dates(s, "audit"),
    )


def audit_page() -> rx.Component:
    return admin_page("admin.nav.audit", _filters(), *paged_table(AuditState, "audit", COLUMNS, _row, "audit-log"))
