from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from .base import created_at_field, timestamp_field


class AuditLog(SQLModel, table=True):
    """Who changed what, on whose behalf, with the old and new values."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    acting_admin_id: int | None = Field(default=None, foreign_key="app_user.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=40)
    entity_id: int | None = None
    old_values: dict | None = Field(default=None, sa_column=Column(JSON))
    new_values: dict | None = Field(default=None, sa_column=Column(JSON))
    ip_address: str | None = Field(default=None, max_length=45)
    created_at: datetime = created_at_field()


class JobRun(SQLModel, table=True):
    """Health of a scheduled job: last start, last success, last error."""

    __tablename__ = "job_run"

    name: str = Field(primary_key=True, max_length=64)
    last_started_at: datetime | None = timestamp_field()
    last_succeeded_at: datetime | None = timestamp_field()
    last_error: str | None = None
