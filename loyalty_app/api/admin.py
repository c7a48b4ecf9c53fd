"""Platform admin: merchants, the email log, scheduled jobs and alerts."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from loyalty_app.models.public import EmailLogPublic, Items, MerchantPublic
from loyalty_app.services.admin.merchants import list_merchants as merchants
from loyalty_app.services.email import log as email_log
from loyalty_app.services.health import schedules as job_health

from .deps import AdminUser, SessionDep
from .schemas import ERROR_RESPONSES, Text

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=ERROR_RESPONSES)


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


@router.get("/merchants", response_model=Items[MerchantPublic])
def list_merchants(session: SessionDep, _admin: AdminUser):
    """Every merchant, with store and card counts."""
    return Items[MerchantPublic](items=merchants(session))


@router.get("/emails", response_model=Items[EmailLogPublic])
def list_emails(
    session: SessionDep,
    _admin: AdminUser,
    recipient: Annotated[Text(254) | None, Query()] = None,
    template_code: Annotated[Text(50) | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=email_log.MAX_PAGE_SIZE)] = 50,
):
    """The email log, newest first."""
    f = email_log.EmailFilter(address=recipient or "", template_code=template_code or "")
    return Items[EmailLogPublic](items=email_log.list_emails(session, f, page_size=limit).items)


@router.get("/jobs", response_model=JobsOut)
def list_jobs(session: SessionDep, _admin: AdminUser):
    """Each scheduled job's last start, success and error, and the operational alerts."""
    return job_health.jobs_report(session)
