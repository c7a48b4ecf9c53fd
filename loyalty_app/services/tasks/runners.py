"""What each kind of task does when its job runs: the same bulk, import and export services a synchronous
call uses, with a progress callback that writes the task's row. Each runner returns the task's result."""

import gzip
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from loyalty_app.models import BackgroundTask, Merchant
from loyalty_app.services.cards import bulk, csv_export, csv_import
from loyalty_app.services.context import Actor, clock

MAX_ERRORS_KEPT = 1_000  # per-row import errors kept in the result; the count is always exact


def progress_writer(session: Session, task: BackgroundTask):
    """progress(done, total) or progress(phase, done, total): records it on the row and commits."""

    def progress(*args) -> None:
        phase, done, total = args if len(args) == 3 else ("", *args)
        task.phase, task.done, task.heartbeat_at = phase or task.phase, done, clock(None)
        if total:
            task.total = total
        session.add(task)
        session.commit()

    return progress


def _actor(params: dict) -> Actor:
    return Actor(**params["actor"])


def _day_start(day: str | None, tz: str) -> datetime | None:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), ZoneInfo(tz)) if day else None


def run_bulk(session: Session, task: BackgroundTask, progress) -> dict:
    p = task.params
    if task.kind == "bulk_bonus":
        result = bulk.bulk_bonus(
            session, task.merchant_id, p["card_ids"], p["points"], p["reason"], _actor(p), progress=progress
        )
    else:
        result = bulk.bulk_deactivate(
            session, task.merchant_id, p["card_ids"], p["reason"], _actor(p), progress=progress
        )
    reasons: dict[str, int] = {}
    for code in result.skipped.values():
        reasons[code] = reasons.get(code, 0) + 1
    return {"done": result.done, "skipped": len(result.skipped), "skipped_reasons": reasons, "points": p["points"]}


def run_import(session: Session, task: BackgroundTask, progress) -> dict:
    p = task.params
    report = csv_import.import_members(
        session,
        task.merchant_id,
        p["text"],
        _actor(p),
        write=True,
        import_valid_rows=p["import_valid_rows"],
        progress=progress,
    )
    kept = dict(list(report.errors.items())[:MAX_ERRORS_KEPT])
    return {
        "rows": report.rows,
        "valid": report.valid,
        "invalid": len(report.errors),
        "imported": report.imported,
        "written": report.written,
        "errors": {str(line): problems for line, problems in kept.items()},
    }


def run_export(session: Session, task: BackgroundTask, progress) -> dict:
    p, merchant = task.params, session.get(Merchant, task.merchant_id)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz, io.TextIOWrapper(gz, encoding="utf-8", newline="") as out:
        if task.kind == "export_cards":
            rows = csv_export.write_cards(session, task.merchant_id, _actor(p), out, progress=progress)
        else:
            end = _day_start(p["end"], merchant.timezone)
            rows = csv_export.write_transactions(
                session,
                task.merchant_id,
                _actor(p),
                out,
                start=_day_start(p["start"], merchant.timezone),
                end=end + timedelta(days=1) if end else None,
                progress=progress,
            )
    task.output = buf.getvalue()
    span = "" if task.kind == "export_cards" else f"-{p['start'] or 'start'}-to-{p['end'] or 'today'}"
    task.output_name = f"{task.kind.removeprefix('export_')}{span}-{clock(None).date().isoformat()}.csv"
    return {"rows": rows, "bytes_gzipped": len(task.output)}


RUNNERS = {
    "bulk_bonus": run_bulk,
    "bulk_deactivate": run_bulk,
    "import_members": run_import,
    "export_cards": run_export,
    "export_transactions": run_export,
}
