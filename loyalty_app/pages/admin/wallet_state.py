"""Wallet debug state: configuration check, class status per program, recent enrollments, sync failures, re-sync."""

import reflex as rx

from loyalty_app.services.wallet import debug as wallet_admin

from ...db import new_session
from ...i18n import t
from ...wallet import config
from . import fmt
from .access import admin_context


def _wallet_part(part: dict, names: tuple[str, ...]) -> dict[str, str]:
    return {
        "enabled": "yes" if part["enabled"] else "no",
        **{name: "" if part.get(name) is None else str(part[name]) for name in names},
    }


def _read(check_remote: bool) -> tuple[dict, dict | str, list[dict], dict]:
    report = config.report()
    with new_session() as session:
        try:
            classes = wallet_admin.class_status(session, check_remote)
        except Exception as exc:  # a broken wallet must not hide the rest of the page: show why instead
            classes = f"{type(exc).__name__}: {exc}"
        return report, classes, wallet_admin.recent_enrollments(session), wallet_admin.failures(session, 50)


def _resync(card_id: int | None) -> str:
    with new_session() as session:
        return wallet_admin.request_resync(session, card_id)


def _class_rows(classes: list[dict], loc: str) -> list[dict[str, str]]:
    yes, no = t("admin.yes", loc), t("admin.no", loc)
    return [
        {
            "program_id": str(c["program_id"]),
            "merchant": c["merchant"],
            "card_name": c["card_name"],
            "class_id": c["class_id"] or "\u2014",
            "created": yes if c["created"] else no,
            "review": c["review_status"] or "\u2014",
            "remote_error": c["remote_error"] or "",
            "cards": fmt.number(c["cards"], loc),
            "out_of_sync": fmt.number(c["cards_out_of_sync"], loc),
        }
        for c in classes
    ]


def _recent_rows(recent: list[dict], loc: str) -> list[dict[str, str]]:
    return [
        {
            "id": str(r["card_id"]),
            "number": r["card_number"],
            "merchant": r["merchant"],
            "when": fmt.when(r["created_at"], loc),
            "object": r["google_object_id"] or "\u2014",
            "sync": f"{r['synced_version']}/{r['version']}",
            "error": r["last_error"] or "",
        }
        for r in recent
    ]


def _failure_rows(failures: list[dict], loc: str) -> list[dict[str, str]]:
    return [
        {
            "id": str(f["card_id"]),
            "number": f["card_number"],
            "merchant": f["merchant"],
            "sync": f"{f['synced_version']}/{f['version']}",
            "error": f["last_error"] or "",
            "last": fmt.when(f["last_synced_at"], loc),
        }
        for f in failures
    ]


class WalletState(rx.State):
    google: dict[str, str] = {}
    apple: dict[str, str] = {}
    google_problems: list[str] = []
    google_warnings: list[str] = []
    apple_problems: list[str] = []
    apple_warnings: list[str] = []
    classes: list[dict[str, str]] = []
    classes_error: str = ""
    recent: list[dict[str, str]] = []
    failures: list[dict[str, str]] = []
    failures_total: int = 0
    notice: str = ""

    @rx.var(cache=True)
    def wallet_on(self) -> bool:
        return self.google.get("enabled") == "yes" or self.apple.get("enabled") == "yes"

    @rx.event
    async def load(self):
        self.notice = ""
        await self._refresh(False)

    @rx.event
    async def ask_google(self):
        await self._refresh(True)

    async def _refresh(self, check_remote: bool):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        report, classes, recent, failures = await rx.run_in_thread(lambda: _read(check_remote))
        g, a = report["google"], report["apple"]
        self.google = _wallet_part(g, ("issuer_id", "service_account_email", "api_base_url"))
        self.apple = _wallet_part(a, ("pass_type_id", "team_id", "web_service_url", "certificate_days_left"))
        self.apple["certificate_expires_at"] = fmt.when(a.get("certificate_expires_at"), loc)
        self.google_problems, self.google_warnings = g["problems"], g["warnings"]
        self.apple_problems, self.apple_warnings = a["problems"], a["warnings"]
        self.classes_error = classes if isinstance(classes, str) else ""
        self.classes = [] if isinstance(classes, str) else _class_rows(classes["items"], loc)
        self.recent = _recent_rows(recent, loc)
        self.failures_total = failures["total"]
        self.failures = _failure_rows(failures["items"], loc)

    @rx.event
    async def resync(self, card_id: str):
        actor, loc = await admin_context(self)
        if actor is None:
            return
        cid = int(card_id) if card_id.isdigit() else None
        job = await rx.run_in_thread(lambda: _resync(cid))
        key = "admin.wallet.resync_card_queued" if cid else "admin.wallet.resync_all_queued"
        self.notice = t(key, loc, job=job or "\u2014")
