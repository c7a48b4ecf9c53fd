"""Platform admin: merchants, the email log, scheduled jobs and alerts."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from loyalty_app.services.admin import platform
from loyalty_app.services.health import schedules as job_health

from ..models.email import EMAIL_STATUSES
from .deps import AdminUser, SessionDep
from .schemas import ERROR_RESPONSES, Text

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=ERROR_RESPONSES)


class Merchant(BaseModel):
    id: int
    name: str
    timezone: str
    default_locale: str
    created_at: datetime
    deleted_at: datetime | None
    store_count: int
    card_count: int


class MerchantItems(BaseModel):
    items: list[Merchant]


class Email(BaseModel):
    id: int
    template_code: str
    locale: str
    recipient: str
    subject: str
    status: Literal[EMAIL_STATUSES]
    attempts: int
    error: str | None
    created_at: datetime
    sent_at: datetime | None


class EmailItems(BaseModel):
    items: list[Email]


class Job(BaseModel):
    name: str
    schedule: str
    last_started_at: datetime | None
    last_succeeded_at: datetime | None
    last_error: str | None


class Alert(BaseModel):
    code: str
    message: str


class JobsOut(BaseModel):
    jobs: list[Job]
    alerts: list[Alert]


@router.get("/merchants", response_model=MerchantItems)
def list_merchants(session: SessionDep, _admin: AdminUser):
    """Every merchant, with store and card counts."""
    return platform.list_merchants(session)


@router.get("/emails", response_model=EmailItems)
def list_emails(
    session: SessionDep,
    _admin: AdminUser,
    recipient: Annotated[Text(254) | None, Query()] = None,
    template_code: Annotated[Text(50) | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=platform.MAX_EMAILS)] = 50,
):
    """The email log, newest first."""
    return platform.list_emails(session, recipient=recipient, template_code=template_code, limit=limit)


@router.get("/jobs", response_model=JobsOut)
def list_jobs(session: SessionDep, _admin: AdminUser):
    """Each scheduled job's last start, success and error, and the operational alerts."""
    return job_health.jobs_report(session)
