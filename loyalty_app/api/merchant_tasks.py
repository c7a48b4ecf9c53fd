"""Merchant back office: bulk actions and exports run as background tasks, their progress and files."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from loyalty_app.services import errors
from loyalty_app.services.cards.bulk import MAX_BONUS
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models

from ..models.task import TASK_KINDS, TASK_STATUSES
from .deps import MerchantActor, MerchantActorOrCookie, SessionDep
from .schemas import ERROR_RESPONSES, Body, Id, Notes

router = APIRouter(prefix="/api/v1/merchant", tags=["merchant tasks"], responses=ERROR_RESPONSES)
BULK_KINDS = {"bonus": "bulk_bonus", "deactivate": "bulk_deactivate"}
# Days the ledger can hold; wider ones would overflow when turned into the merchant's midnights.
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31))]


class Task(BaseModel):
    id: int
    kind: Literal[TASK_KINDS]
    status: Literal[TASK_STATUSES]
    phase: str
    total: int
    done: int
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    has_output: bool
    params: dict[str, Any]


class TaskItems(BaseModel):
    items: list[Task]


class BulkIn(Body):
    action: Literal[tuple(BULK_KINDS)]
    card_ids: Annotated[list[Id], Field(min_length=1, max_length=tasks.MAX_CARDS)]
    points: Annotated[int, Field(ge=1, le=MAX_BONUS, description="Bonus points per card (bonus only).")] | None = None
    reason: Notes


class ExportIn(Body):
    kind: Literal["cards", "transactions"]
    start: Day | None = Field(None, description="First day, in the merchant's time (transactions only).")
    end: Day | None = Field(None, description="Last day, included (transactions only).")


@router.post("/cards/bulk", response_model=Task, status_code=202)
def start_bulk_action(body: BulkIn, session: SessionDep, actor: MerchantActor):
    """Give bonus points to, or deactivate, the cards listed: queued as one task per merchant at a time."""
    if (body.points is None) == (body.action == "bonus"):
        raise errors.ValidationFailed({"points": "required" if body.action == "bonus" else "not_allowed"})
    task = tasks.start_bulk(
        session,
        actor.merchant_id,
        BULK_KINDS[body.action],
        body.card_ids,
        actor,
        reason=body.reason,
        points=body.points,
    )
    return read_models.view(task)


@router.post("/exports", response_model=Task, status_code=202)
def start_export(body: ExportIn, session: SessionDep, actor: MerchantActor):
    """Export the cards, or the transactions of some days, as a CSV file made by a background task."""
    if body.kind == "cards" and (body.start or body.end):
        raise errors.ValidationFailed({"start" if body.start else "end": "not_allowed"})
    task = tasks.start_export(session, actor.merchant_id, body.kind, actor, start=body.start, end=body.end)
    return read_models.view(task)


@router.get("/tasks", response_model=TaskItems)
def list_tasks(session: SessionDep, actor: MerchantActor, limit: Annotated[int, Query(ge=1, le=100)] = 20):
    """The merchant's recent tasks, newest first."""
    return {"items": read_models.recent(session, actor.merchant_id, actor, limit=limit)}


@router.get("/tasks/{task_id}", response_model=Task)
def get_task(task_id: Id, session: SessionDep, actor: MerchantActor):
    """One task: status, progress and outcome (poll it until it has finished)."""
    return read_models.get(session, task_id, actor)


@router.get(
    "/tasks/{task_id}/download",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The CSV, sent gzipped (Content-Encoding: gzip)."}},
)
def download_task_output(task_id: Id, session: SessionDep, actor: MerchantActorOrCookie) -> Response:
    """A finished export's CSV file; the session cookie works too, so the console can link to it."""
    if read_models.get(session, task_id, actor)["status"] in tasks.ACTIVE:
        raise errors.TaskNotFinished(task_id=task_id)
    name, data = read_models.output(session, task_id, actor)
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Encoding": "gzip",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )
