"""What pages and the API show of a task: its view (no file, no import text), one task, the latest of some
kinds, the recent ones, and a finished export's file. Callers say which kinds they follow."""

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import BackgroundTask
from loyalty_app.services import errors
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.tasks.lifecycle import ACTIVE, RECENT, visible_task

SHOWN_PARAMS = ("points", "reason", "start", "end", "import_valid_rows")


def view(task: BackgroundTask) -> dict:
    return {
        "id": task.id,
        "kind": task.kind,
        "status": task.status,
        "phase": task.phase,
        "total": task.total,
        "done": task.done,
        "result": task.result,
        "error": task.error,
        "created_at": task.created_at,
        "started_at": task.started_at,
        "finished_at": task.finished_at,
        "has_output": task.output_name is not None,
        "output_name": task.output_name,
        "params": {k: v for k, v in task.params.items() if k in SHOWN_PARAMS},
    }


def get(session: Session, task_id: int, actor: Actor) -> dict:
    return view(visible_task(session, task_id, actor))


def latest(
    session: Session, merchant_id: int, kinds: Collection[str], actor: Actor, now: datetime | None = None
) -> dict | None:
    """The task a page shows on load: the newest of its kinds, running or finished and not yet dismissed."""
    require_manager(actor, merchant_id)
    task = session.exec(
        select(BackgroundTask)
        .where(
            BackgroundTask.merchant_id == merchant_id,
            BackgroundTask.kind.in_(list(kinds)),
            BackgroundTask.dismissed_at.is_(None),
            BackgroundTask.created_at >= clock(now) - RECENT,
        )
        .order_by(BackgroundTask.created_at.desc(), BackgroundTask.id.desc())
    ).first()
    return view(task) if task is not None else None


def recent(session: Session, merchant_id: int, actor: Actor, limit: int = 20) -> list[dict]:
    require_manager(actor, merchant_id)
    rows = session.exec(
        select(BackgroundTask)
        .where(BackgroundTask.merchant_id == merchant_id)
        .order_by(BackgroundTask.created_at.desc(), BackgroundTask.id.desc())
        .limit(limit)
    )
    return [view(t) for t in rows]


def output(session: Session, task_id: int, actor: Actor) -> tuple[str, bytes]:
    """The finished export's file name and gzipped CSV."""
    task = visible_task(session, task_id, actor)
    if not task.kind.startswith("export_"):
        raise errors.TaskNotFound("This task has no file.")
    if task.status in ACTIVE:
        raise errors.TaskNotFinished()
    data = session.execute(sa.select(BackgroundTask.output).where(BackgroundTask.id == task_id)).scalar_one()
    if task.output_name is None or data is None:
        raise errors.TaskOutputGone()
    return task.output_name, data
