"""Long merchant work as background tasks: checked and recorded here, queued as a job, run with progress.

Starting a task checks the request (so a bad one is refused at once and nothing is queued), records a
`background_task` row and emits `TaskCreated`, whose handler queues the job after commit. The job
calls `execute`, which claims the row, runs the same service a synchronous call would (bulk, import,
export) with a progress callback, and records the outcome. Pages poll the row, so progress survives
a reload and does not depend on which process runs the job. What each kind does when it runs
is in `runners`; what pages and the API read of a task is in `read_models`.
"""

from dataclasses import asdict
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import BackgroundTask, Merchant
from loyalty_app.services import effects, errors
from loyalty_app.services.cards import bulk, csv_import
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.events import TaskCreated
from loyalty_app.services.tasks.runners import RUNNERS, progress_writer

# The kinds that exclude each other: one task of an area at a time per merchant.
AREAS = {
    "bulk": ("bulk_bonus", "bulk_deactivate"),
    "import": ("import_members",),
    "export": ("export_cards", "export_transactions"),
}
ACTIVE = ("queued", "running")
MAX_CARDS = 200_000
STALLED_AFTER = timedelta(minutes=15)  # a running task without progress for this long has lost its worker
REQUEUE_AFTER = timedelta(minutes=10)  # a task still queued after this long is queued again (idempotent job id)
OUTPUT_KEPT = timedelta(days=7)
RECENT = timedelta(days=1)  # how long a finished task is offered again on its page until dismissed


def _area(kind: str) -> str:
    return next(area for area, kinds in AREAS.items() if kind in kinds)


def _create(
    session: Session,
    merchant_id: int,
    kind: str,
    params: dict,
    actor: Actor,
    total: int = 0,
    now: datetime | None = None,
) -> BackgroundTask:
    """One task of an area at a time per merchant: a double click must not give the bonus twice."""
    session.exec(select(Merchant.id).where(Merchant.id == merchant_id).with_for_update()).one()  # serialises starts
    busy = session.exec(
        select(BackgroundTask.id).where(
            BackgroundTask.merchant_id == merchant_id,
            BackgroundTask.kind.in_(AREAS[_area(kind)]),
            BackgroundTask.status.in_(ACTIVE),
        )
    ).first()
    if busy is not None:
        raise errors.TaskAlreadyRunning(task_id=busy)
    task = BackgroundTask(
        merchant_id=merchant_id,
        kind=kind,
        total=total,
        created_at=clock(now),
        params={**params, "actor": asdict(actor)},
        created_by_user_id=actor.user_id,
        acting_admin_id=actor.acting_admin_id,
    )
    session.add(task)
    session.flush()
    effects.emit(session, TaskCreated(task.id))
    session.commit()
    return task


def start_bulk(
    session: Session,
    merchant_id: int,
    kind: str,
    card_ids: list[int],
    actor: Actor,
    *,
    reason: str,
    points: int | None = None,
    now: datetime | None = None,
) -> BackgroundTask:
    """Bonus points to, or deactivate, a fixed set of cards (those ticked, or the filter as counted)."""
    require_manager(actor, merchant_id)
    if kind == "bulk_bonus":
        points, reason = bulk.checked_bonus(points, reason)
    elif kind == "bulk_deactivate":
        reason = bulk.checked_deactivate(reason)
    else:
        raise errors.ValidationFailed({"kind": "unknown"})
    ids = list(dict.fromkeys(card_ids))
    if not ids or len(ids) > MAX_CARDS:
        raise errors.ValidationFailed({"cards": "none_selected" if not ids else "too_many"})
    params = {"card_ids": ids, "reason": reason, "points": points}
    return _create(session, merchant_id, kind, params, actor, total=len(ids), now=now)


def start_import(
    session: Session,
    merchant_id: int,
    text: str,
    actor: Actor,
    *,
    import_valid_rows: bool = False,
    now: datetime | None = None,
) -> BackgroundTask:
    """Import a members CSV (already previewed): the job checks every row again and writes what may be written."""
    require_manager(actor, merchant_id)
    csv_import.check_header(text)
    params = {"text": text, "import_valid_rows": bool(import_valid_rows)}
    return _create(session, merchant_id, "import_members", params, actor, total=csv_import.count_rows(text), now=now)


def start_export(
    session: Session,
    merchant_id: int,
    what: str,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime | None = None,
) -> BackgroundTask:
    """Export cards, or transactions between two days of the merchant's calendar (both included)."""
    require_manager(actor, merchant_id)
    if what not in ("cards", "transactions"):
        raise errors.ValidationFailed({"kind": "unknown"})
    if start is not None and end is not None and end < start:
        raise errors.ValidationFailed({"end": "before_start"})
    params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
    return _create(session, merchant_id, f"export_{what}", params, actor, now=now)


# --- running -------------------------------------------------------------------------------------------------


def _claim(session: Session, task_id: int, now: datetime) -> BackgroundTask | None:
    """Move the task from queued to running, once: a second delivery of the same job finds nothing to do."""
    claimed = session.execute(
        sa.update(BackgroundTask)
        .where(BackgroundTask.id == task_id, BackgroundTask.status == "queued")
        .values(status="running", started_at=now, heartbeat_at=now)
    ).rowcount
    session.commit()
    return session.get(BackgroundTask, task_id, populate_existing=True) if claimed else None


def execute(session: Session, task_id: int, now: datetime | None = None) -> BackgroundTask | None:
    """Run a queued task to its end; returns it, or None when it was not queued (already run or running)."""
    task = _claim(session, task_id, clock(now))
    if task is None:
        return None
    try:
        result = RUNNERS[task.kind](session, task, progress_writer(session, task))
    except errors.DomainError as exc:
        session.rollback()
        _finish(session, task, "failed", error=f"{exc.code}: {exc}"[:500])
        return task
    except Exception:
        session.rollback()
        _finish(session, task, "failed", error="The task stopped on an unexpected error; it was logged.")
        raise
    task.done = max(task.done, task.total if task.kind != "import_members" else result["imported"])
    _finish(session, task, "succeeded", result=result)
    return task


def _finish(
    session: Session, task: BackgroundTask, status: str, *, result: dict | None = None, error: str | None = None
) -> None:
    task.status, task.result, task.error = status, result, error
    task.finished_at = task.heartbeat_at = clock(None)
    if "text" in task.params:  # an import's file may hold personal data: not kept once the task ends
        task.params = {k: v for k, v in task.params.items() if k != "text"}
    session.add(task)
    session.commit()


def visible_task(session: Session, task_id: int, actor: Actor) -> BackgroundTask:
    """The task, if the actor runs its merchant (an admin on behalf of a merchant sees only that merchant's)."""
    task = session.get(BackgroundTask, task_id)
    if (
        task is None
        or not actor.manages(task.merchant_id)
        or (actor.merchant_id is not None and task.merchant_id != actor.merchant_id)
    ):
        raise errors.TaskNotFound()
    return task


def dismiss(session: Session, task_id: int, actor: Actor, now: datetime | None = None) -> None:
    """Hide a finished task's result from its page; a running task cannot be dismissed."""
    task = visible_task(session, task_id, actor)
    if task.status in ACTIVE:
        raise errors.TaskAlreadyRunning(task_id=task.id)
    task.dismissed_at = clock(now)
    session.add(task)
    session.commit()


# --- upkeep (run by the hourly watchdog) -----------------------------------------------------------------------


def upkeep(session: Session, now: datetime | None = None) -> dict:
    """Fail tasks whose worker died, list queued tasks to queue again, and drop export files past their time."""
    now = clock(now)
    stalled = session.exec(
        select(BackgroundTask).where(
            BackgroundTask.status == "running", BackgroundTask.heartbeat_at < now - STALLED_AFTER
        )
    ).all()
    for task in stalled:
        task.status, task.finished_at = "failed", now
        task.error = "WORKER_LOST: the worker running this task stopped before it finished; start it again."
        session.add(task)
    waiting = list(
        session.exec(
            select(BackgroundTask.id).where(
                BackgroundTask.status == "queued", BackgroundTask.created_at < now - REQUEUE_AFTER
            )
        )
    )
    expired = session.execute(
        sa.update(BackgroundTask)
        .where(BackgroundTask.output.is_not(None), BackgroundTask.finished_at < now - OUTPUT_KEPT)
        .values(output=None, output_name=None)
    ).rowcount
    session.commit()
    return {"stalled": [t.id for t in stalled], "requeue": waiting, "outputs_dropped": expired}


def drop_outputs(session: Session, merchant_id: int) -> int:
    """Forget the merchant's export files (they may hold a customer who has just been anonymized)."""
    return session.execute(
        sa.update(BackgroundTask)
        .where(BackgroundTask.merchant_id == merchant_id, BackgroundTask.output.is_not(None))
        .values(output=None, output_name=None)
    ).rowcount
