"""/admin: platform totals, each merchant's KPIs, the health check, the jobs and the operational alerts."""

import reflex as rx

from loyalty_app.services.admin.stats import platform_stats
from loyalty_app.services.health import schedules as job_health
from loyalty_app.services.health.status import health as health_report

from ...components.i18n import tr, tr_var
from ...components.notice import tile, tile_grid
from ...components.table import cells, error_cell, table
from ...db import new_session
from ...wallet import config as wallet_config
from . import fmt
from .access import admin_context
from .layout import admin_page

# The per-merchant figures of the KPI table, in column order.
MERCHANT_STATS = (
    "members",
    "active_members",
    "stamps_issued",
    "points_issued",
    "points_redeemed",
    "points_liability",
)
TILES = (
    "merchants",
    "stores",
    "customers",
    "cards",
    "members",
    "active_members",
    "enrollments_7d",
    "transactions_30d",
    "stamps_issued",
    "points_issued",
    "points_liability",
    "trashed",
    "emails_sent_24h",
    "emails_failed_24h",
)
ALERT_CODES = {
    "EXPIRY_JOB_LATE",
    "JOB_LATE",
    "JOB_FAILING",
    "EMAIL_FAILURE_RATE",
    "WALLET_SYNC_FAILURE_RATE",
    "WALLET_CERTIFICATE_UNREADABLE",
    "WALLET_CERTIFICATE_EXPIRING",
    "WALLET_CONFIG",
}


def _read() -> tuple[dict, dict, dict, list[str]]:
    with new_session() as session:
        _, health = health_report(session)
        return (
            platform_stats(session),
            job_health.jobs_report(session),
            health,
            wallet_config.problems(),
        )


class OverviewState(rx.State):
    tiles: list[dict[str, str]] = []
    merchants: list[dict[str, str]] = []
    alerts: list[dict[str, str]] = []
    jobs: list[dict[str, str]] = []
    health: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        stats, report, health, wallet_problems = await rx.run_in_thread(_read)
        totals = stats["totals"]
        self.tiles = [{"key": f"admin.stat.{k}", "value": fmt.number(totals[k], loc), "id": f"stat-{k}"} for k in TILES]
        self.merchants = [
            {
                "name": m["name"],
                **{k: fmt.number(m[k], loc) for k in MERCHANT_STATS},
            }
            for m in stats["merchants"]
        ]
        alerts = report["alerts"] + [{"code": "WALLET_CONFIG", "message": p} for p in wallet_problems]
        self.alerts = [
            {
                "key": f"admin.alert.{a['code'] if a['code'] in ALERT_CODES else 'OTHER'}",
                "code": a["code"],
                "message": a["message"],
            }
            for a in alerts
        ]
        self.jobs = [
            {
                "name": j["name"],
                "schedule": j["schedule"],
                "started": fmt.when(j["last_started_at"], loc),
                "succeeded": fmt.when(j["last_succeeded_at"], loc),
                "error": (j["last_error"] or "")[:300],
            }
            for j in report["jobs"]
        ]
        self.health = [
            {"key": f"admin.health.{k}", "value": str(v)} for k, v in health.model_dump().items() if k != "status"
        ]


def _alerts() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("admin.overview.alerts"), size="4", as_="h3"),
        rx.cond(
            OverviewState.alerts.length() > 0,
            rx.vstack(
                rx.foreach(
                    OverviewState.alerts,
                    lambda a: rx.callout(
                        rx.text(rx.text.strong(tr_var(a["key"])), " ", a["message"]),
                        icon="triangle_alert",
                        color_scheme="amber",
                        size="1",
                        class_name="admin-alert",
                        width="100%",
                    ),
                ),
                width="100%",
            ),
            rx.callout(tr("admin.overview.no_alerts"), icon="check", color_scheme="green", size="1", id="no-alerts"),
        ),
        rx.hstack(
            rx.foreach(
                OverviewState.health,
                lambda h: rx.badge(
                    tr_var(h["key"]),
                    ": ",
                    h["value"],
                    color_scheme=rx.cond((h["value"] == "ok") | (h["value"] == "embedded"), "green", "red"),
                    size="2",
                ),
            ),
            spacing="2",
            wrap="wrap",
            id="health",
        ),
        spacing="2",
        width="100%",
        id="alerts",
    )


def _stats() -> rx.Component:
    return tile_grid(
        rx.foreach(OverviewState.tiles, lambda k: tile(tr_var(k["key"]), k["value"], k["id"])), element_id="stats"
    )


def _merchant_row(m: rx.Var) -> rx.Component:
    return rx.table.row(
        *cells(m, "name", *MERCHANT_STATS),
    )


MERCHANT_COLUMNS = ("admin.col.merchant", *(f"admin.stat.{k}" for k in MERCHANT_STATS))
JOB_COLUMNS = (
    "admin.col.job",
    "admin.col.schedule",
    "admin.col.last_started",
    "admin.col.last_succeeded",
    "admin.col.last_error",
)


def _job_row(j: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(j["name"])),
        *cells(j, "schedule", "started", "succeeded"),
        error_cell(j["error"]),
    )


def overview_page() -> rx.Component:
    return admin_page(
        "admin.nav.overview",
        _alerts(),
        _stats(),
        rx.heading(tr("admin.overview.per_merchant"), size="4", as_="h3"),
        table(MERCHANT_COLUMNS, OverviewState.merchants, _merchant_row, "admin.empty", "merchant-kpis"),
        rx.text(tr("admin.overview.window"), size="1", color_scheme="gray"),
        rx.heading(tr("admin.overview.jobs"), size="4", as_="h3"),
        table(JOB_COLUMNS, OverviewState.jobs, _job_row, "admin.empty", "jobs"),
    )
