"""Import members from CSV (preview with per-row errors, then import) and export cards and transactions.

The preview is read here (checking rows takes about a second for the largest file allowed); the import
and the exports run as background tasks (services.tasks) whose progress the page's task panel follows.
"""

import csv
import io
from datetime import date

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.cards import csv_import
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models

from ...components.failure import failure_text, field_problems
from ...db import new_session
from ...i18n import t
from ...i18n.plurals import plural
from .console import console_context
from .task_panel import TaskState

PREVIEW_ROWS = 200
SHOWN = ("email", "first_name", "last_name", "store_code", "stamps", "points")


def _run(fn, merchant_id: int, *args, **kwargs):
    with new_session() as session:
        return fn(session, merchant_id, *args, **kwargs)


def _start(fn, merchant_id: int, *args, **kwargs) -> dict:
    with new_session() as session:
        return read_models.view(fn(session, merchant_id, *args, **kwargs))


def _day(raw) -> date | None:
    """A date input's value; ValueError for anything that is not a calendar day."""
    raw = str(raw or "").strip()
    return date.fromisoformat(raw) if raw else None


def _preview(text: str, report: csv_import.ImportReport, locale: str) -> list[dict[str, str]]:
    """The first rows of the file as read, each with its problems in words (or empty when fine)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
    out = []
    for line, raw in enumerate(reader, start=2):
        if len(out) >= PREVIEW_ROWS:
            break
        problems = report.errors.get(line, {})
        out.append(
            {
                "line": str(line),
                **{k: (raw.get(k) or "") for k in SHOWN},
                "problems": "; ".join(
                    f"{t('merchant.field.' + k, locale)}: {t('merchant.problem.' + v, locale)}"
                    for k, v in problems.items()
                ),
            }
        )
    return out


class TransferState(rx.State):
    file_name: str = ""
    preview: list[dict[str, str]] = []
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    imported: bool = False
    notice: str = ""
    notice_kind: str = "ok"
    export_start: str = ""
    export_end: str = ""
    export_problems: dict[str, str] = {}
    export_notice: str = ""
    _text: str = ""

    async def _check(self):
        """Read the whole file and show each row's problems; nothing is written here."""
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        text = self._text
        try:
            report = await rx.run_in_thread(lambda: _run(csv_import.import_members, actor.merchant_id, text, actor))
        except errors.DomainError as exc:
            self.preview, self.rows, self.valid, self.invalid = [], 0, 0, 0
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return
        self.rows, self.valid, self.invalid = report.rows, report.valid, len(report.errors)
        self.preview = _preview(text, report, locale)
        if self.invalid:
            self.notice, self.notice_kind = plural("merchant.import.has_errors", self.invalid, locale), "error"
        else:
            self.notice, self.notice_kind = plural("merchant.import.ready", self.valid, locale), "ok"

    @rx.event
    def on_load(self):
        self.file_name, self.preview, self.rows, self.valid, self.invalid = "", [], 0, 0, 0
        self.imported, self.notice, self._text = False, "", ""
        self.export_problems, self.export_notice = {}, ""
        return TaskState.load("import_export")

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        data = await files[0].read()
        self.file_name, self.imported = files[0].name or "", False
        try:
            self._text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            locale = (await console_context(self))[1]
            self._text, self.preview = "", []
            self.notice, self.notice_kind = t("merchant.problem.not_utf8", locale), "error"
            return
        await self._check()

    @rx.event
    async def import_rows(self, only_valid: bool):
        """Start the import as a task; the file is checked again there, row by row, before anything is written."""
        actor, locale, _ = await console_context(self)
        if actor is None or not self._text:
            return
        text = self._text
        try:
            view = await rx.run_in_thread(
                lambda: _start(tasks.start_import, actor.merchant_id, text, actor, import_valid_rows=only_valid)
            )
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return
        self.imported, self._text, self.notice = True, "", ""
        return await (await self.get_state(TaskState)).follow(view, "import_export")

    @rx.event
    def set_export_start(self, value: str):
        self.export_start = value

    @rx.event
    def set_export_end(self, value: str):
        self.export_end = value

    @rx.event
    async def export(self, what: str):
        """Start an export as a task: the cards, or the transactions of a range of days."""
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        what = "transactions" if what == "transactions" else "cards"
        self.export_problems, self.export_notice = {}, ""
        try:
            start = _day(self.export_start)
        except ValueError:
            self.export_problems = field_problems({"start": "invalid_date"}, "merchant", locale)
            return
        try:
            end = _day(self.export_end)
        except ValueError:
            self.export_problems = field_problems({"end": "invalid_date"}, "merchant", locale)
            return
        try:
            view = await rx.run_in_thread(
                lambda: _start(
                    tasks.start_export,
                    actor.merchant_id,
                    what,
                    actor,
                    start=start if what == "transactions" else None,
                    end=end if what == "transactions" else None,
                )
            )
        except errors.ValidationFailed as exc:
            self.export_problems = field_problems(exc.fields, "merchant", locale)
            return
        except errors.DomainError as exc:
            self.export_notice = failure_text(exc, "merchant", locale)
            return
        return await (await self.get_state(TaskState)).follow(view, "import_export")
