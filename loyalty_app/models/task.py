from datetime import datetime

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from .base import created_at_field, timestamp_field

TASK_KINDS = ("bulk_bonus", "bulk_deactivate", "import_members", "export_cards", "export_transactions")
TASK_STATUSES = ("queued", "running", "succeeded", "failed")


class BackgroundTask(SQLModel, table=True):
    """Long merchant work run as a job: what was asked, how far it got, and its outcome (counts, errors, a file).

    The web page polls this row, so the progress bar survives a reload and works whichever process runs the job.
    A finished export keeps its CSV gzipped in `output` (deferred: never loaded unless downloaded).
    """

    __tablename__ = "background_task"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('" + "','".join(TASK_KINDS) + "')", name="ck_background_task_kind"),
        sa.CheckConstraint("status IN ('" + "','".join(TASK_STATUSES) + "')", name="ck_background_task_status"),
        sa.CheckConstraint("total >= 0 AND done >= 0", name="ck_background_task_progress"),
        sa.Index("ix_background_task_merchant_created", "merchant_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id")
    kind: str = Field(max_length=32)
    status: str = Field(default="queued", max_length=16)
    phase: str = Field(default="", max_length=16)  # what the job is doing now: checking, writing, exporting
    total: int = 0
    done: int = 0
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict | None = Field(default=None, sa_column=Column(JSON))
    error: str | None = Field(default=None, max_length=500)
    output: bytes | None = Field(default=None, sa_column=sa.orm.deferred(Column(sa.LargeBinary)))
    output_name: str | None = Field(default=None, max_length=120)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    acting_admin_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = created_at_field()
    started_at: datetime | None = timestamp_field()
    heartbeat_at: datetime | None = timestamp_field()
    finished_at: datetime | None = timestamp_field()
    dismissed_at: datetime | None = timestamp_field()
