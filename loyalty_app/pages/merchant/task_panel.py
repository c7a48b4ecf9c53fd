"""The progress and the outcome of a page's long task (bulk action, import, export), read from its row.

A console page calls `TaskState.load(area)` on load (the admin's act-on-behalf page calls `load_as` with
the on-behalf actor): a task still running after a reload is found again and followed; a finished one
shows its result until closed. A per-tab background loop reads the row every half second, as the page's
actor, while the task runs and stops when it ends or the tab closes.
"""

import asyncio
import functools

import reflex as rx
from reflex_base.registry import RegistrationContext

from loyalty_app.services.context import Actor
from loyalty_app.services.tasks import lifecycle, read_models

from ...components.failure import field_problems
from ...db import new_session
from ...i18n import catalog, t
from ...i18n.plurals import plural
from .console import ConsoleState, console_context

POLL_SECONDS = 0.5
# The task kinds whose latest task each page shows on load.
PAGE_KINDS = {
    "bulk": lifecycle.AREAS["bulk"],
    "import_export": lifecycle.AREAS["import"] + lifecycle.AREAS["export"],
}
ERRORS_SHOWN = 50


def _read(actor: Actor, task_id: int | None, area: str) -> dict | None:
    with new_session() as session:
        if task_id:
            return read_models.get(session, task_id, actor)
        return read_models.latest(session, actor.merchant_id, PAGE_KINDS[area], actor)


def _dismiss(task_id: int, actor: Actor) -> None:
    with new_session() as session:
        lifecycle.dismiss(session, task_id, actor)


def _outcome(view: dict, locale: str) -> str:
    result, kind = view["result"] or {}, view["kind"]
    if kind == "bulk_bonus" or kind == "bulk_deactivate":
        key = "merchant.bulk.bonus_done" if kind == "bulk_bonus" else "merchant.bulk.deactivate_done"
        text = plural(key, result.get("done", 0), locale, points=result.get("points") or 0)
        if result.get("skipped"):
            text += " " + plural("merchant.bulk.skipped", result["skipped"], locale)
        return text
    if kind == "import_members":
        if result.get("written"):
            return plural("merchant.import.done", result.get("imported", 0), locale)
        return plural("merchant.import.has_errors", result.get("invalid", 0), locale)
    return plural("merchant.export.done", result.get("rows", 0), locale)


def _failure(error: str | None, locale: str) -> str:
    code = (error or "").split(":", 1)[0]
    if code == "WORKER_LOST":
        return t("merchant.task.failed_lost", locale)
    if code and f"error.{code}" in catalog("en"):
        return t("merchant.task.failed", locale, error=t(f"error.{code}", locale))
    return t("merchant.task.failed_unexpected", locale)


def _row_problems(view: dict, locale: str) -> list[dict[str, str]]:
    errors = (view["result"] or {}).get("errors") or {}
    return [
        {
            "line": line,
            "text": "; ".join(
                f"{t('merchant.field.' + k, locale)}: {v}"
                for k, v in field_problems(problems, "merchant", locale).items()
            ),
        }
        for line, problems in list(errors.items())[:ERRORS_SHOWN]
    ]


class TaskState(rx.State):
    area: str = ""
    task_id: int = 0
    kind: str = ""
    status: str = ""  # "" (none) | queued | running | succeeded | failed
    done: int = 0
    total: int = 0
    phase: str = ""
    outcome: str = ""
    failure: str = ""
    row_problems: list[dict[str, str]] = []
    more_problems: int = 0
    has_output: bool = False
    output_name: str = ""
    following: bool = False
    _actor: Actor | None = None  # who the page runs as: the owner, or an admin acting on behalf (rows stay scoped)
    _host: str = ""  # "console" (merchant pages) or "admin" (act on behalf): how to re-check, what to refresh
    _locale: str = "en"

    @rx.var(cache=True)
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @rx.var(cache=True)
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @rx.var(cache=True)
    def is_export(self) -> bool:
        return self.kind.startswith("export_")

    def _show(self, view: dict | None) -> None:
        if view is None:
            self.task_id, self.kind, self.status, self.outcome, self.failure = 0, "", "", "", ""
            self.row_problems, self.more_problems, self.has_output = [], 0, False
            return
        self.task_id, self.kind, self.status, self.phase = view["id"], view["kind"], view["status"], view["phase"]
        self.done, self.total, self.has_output = view["done"], view["total"], view["has_output"]
        self.output_name = view.get("output_name") or ""
        finished = view["status"] == "succeeded"
        self.outcome = _outcome(view, self._locale) if finished else ""
        self.failure = _failure(view["error"], self._locale) if view["status"] == "failed" else ""
        self.row_problems = _row_problems(view, self._locale) if finished else []
        self.more_problems = (
            max(0, (view["result"] or {}).get("invalid", 0) - len(self.row_problems))
            if finished and view["kind"] == "import_members"
            else 0
        )

    async def follow(self, view: dict, area: str):
        """Show a task just started by another state of the console, and follow it."""
        actor, locale, _ = await console_context(self)
        return self.follow_as(actor, locale, view, area, "console")

    def follow_as(self, actor: Actor | None, locale: str, view: dict, area: str, host: str):
        """Show and follow a task `actor` just started (an admin acting on behalf of a merchant too)."""
        self._actor, self._locale, self.area, self._host = actor, locale, area, host
        self._show(view)
        return TaskState.poll

    async def load_as(self, actor: Actor | None, locale: str, area: str, host: str):
        """Show the area's latest task for `actor`'s merchant, and follow it while it runs."""
        self._actor, self._locale, self.area, self._host = actor, locale, area, host
        if actor is None:
            self._show(None)
            return
        self._show(await rx.run_in_thread(lambda: _read(actor, None, area)))
        if self.active:
            return TaskState.poll

    @rx.event
    async def load(self, area: str):
        actor, locale, _ = await console_context(self)
        return await self.load_as(actor, locale, area, "console")

    @rx.event(background=True)
    async def poll(self):
        async with self:
            if self.following or not self.active:
                return
            self.following = True
        try:
            while True:
                await asyncio.sleep(POLL_SECONDS)
                namespace = RegistrationContext.get().app.event_namespace
                if namespace is not None and self.router.session.client_token not in namespace.token_to_sid:
                    return  # the tab was closed: the row keeps the progress for the next visit
                async with self:
                    actor, task_id, area = self._actor, self.task_id, self.area
                if not task_id or actor is None:
                    return
                view = await rx.run_in_thread(functools.partial(_read, actor, task_id, area))
                async with self:
                    if self.task_id != task_id:
                        return
                    self._show(view)
                    if not self.active:
                        return await self._finished()
        finally:
            async with self:
                self.following = False

    async def _finished(self):
        if self.area == "bulk" and self._host == "console":
            from .cards_state import CardsState

            cards = await self.get_state(CardsState)
            cards.selected = []
            await cards._refresh()
        elif self.area == "bulk" and self._host == "admin":
            from ..admin.act_state import ActState

            await (await self.get_state(ActState))._refresh()

    async def _recheck(self) -> Actor | None:
        """The page's actor if its user may still act: checked again on every action, as the console does."""
        if self._host == "admin":
            from ..admin.access import admin_actor

            return self._actor if await admin_actor(self) is not None else None
        actor, _, _ = await console_context(self)
        return actor

    @rx.event
    async def download(self):
        console = await self.get_state(ConsoleState)
        if self.task_id and self.has_output:
            return rx.download(
                url=f"/api/v1/merchant/tasks/{self.task_id}/download{console.query}", filename=self.output_name
            )

    @rx.event
    async def dismiss(self):
        actor = await self._recheck()
        if actor is None or not self.task_id or self.active:
            return
        task_id = self.task_id
        await rx.run_in_thread(lambda: _dismiss(task_id, actor))
        self._show(None)
