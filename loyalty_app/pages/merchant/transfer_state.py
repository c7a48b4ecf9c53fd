"""Import members from CSV (preview with per-row errors, then import) and export cards and transactions.

Runs synchronously (in a worker thread of the web process): no job with a progress row yet.
"""

import csv
import io
from datetime import date

import reflex as rx

from ...db import new_session
from ...i18n import t
from ...services import csv_io, errors
from .console import console_context, failure_text, plural

PREVIEW_ROWS = 200
SHOWN = ("email", "first_name", "last_name", "store_code", "stamps", "points")


def _run(fn, merchant_id: int, *args, **kwargs):
    with new_session() as session:
        return fn(session, merchant_id, *args, **kwargs)


def _preview(text: str, report: csv_io.ImportReport, locale: str) -> list[dict[str, str]]:
    """The first rows of the file as read, each with its problems in words (or empty when fine)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
    out = []
    for line, raw in enumerate(reader, start=2):
        if len(out) >= PREVIEW_ROWS:
            break
        problems = report.errors.get(line, {})
        out.append({"line": str(line), **{k: (raw.get(k) or "") for k in SHOWN},
                    "problems": "; ".join(f"{t('merchant.field.' + k, locale)}: {t('merchant.problem.' + v, locale)}"
                                          for k, v in problems.items())})
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
    _text: str = ""

    async def _check(self, write: bool = False, import_valid_rows: bool = False):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        text = self._text
        try:
            report = await rx.run_in_thread(lambda: _run(csv_io.import_members, actor.merchant_id, text, actor,
                                                         write=write, import_valid_rows=import_valid_rows))
        except errors.DomainError as exc:
            self.preview, self.rows, self.valid, self.invalid = [], 0, 0, 0
            self.notice, self.notice_kind = failure_text(exc, locale), "error"
            return
        self.rows, self.valid, self.invalid = report.rows, report.valid, len(report.errors)
        self.preview = _preview(text, report, locale)
        if report.written:
            self.imported, self._text = True, ""
            self.notice, self.notice_kind = plural("merchant.import.done", report.imported, locale), "ok"
        elif self.invalid:
            self.notice, self.notice_kind = plural("merchant.import.has_errors", self.invalid, locale), "error"
        else:
            self.notice, self.notice_kind = plural("merchant.import.ready", self.valid, locale), "ok"

    @rx.event
    def on_load(self):
        self.file_name, self.preview, self.rows, self.valid, self.invalid = "", [], 0, 0, 0
        self.imported, self.notice, self._text = False, "", ""

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
        if self._text:
            await self._check(write=True, import_valid_rows=only_valid)

    async def _download(self, fn, name: str, **kwargs):
        actor, _, _ = await console_context(self)
        if actor is None:
            return
        text = await rx.run_in_thread(lambda: _run(fn, actor.merchant_id, actor, **kwargs))
        return rx.download(data=text, filename=f"{name}-{date.today().isoformat()}.csv")

    @rx.event
    async def export_cards(self):
        return await self._download(csv_io.export_cards, "cards")

    @rx.event
    async def export_transactions(self):
        return await self._download(csv_io.export_transactions, "transactions")
