"""Liveness for load balancers and operators: database, Redis and scheduled jobs."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from loyalty_app.models.public import HealthReport
from loyalty_app.services.health.status import health as health_report

from .deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get(
    "/health",
    response_model=HealthReport,
    responses={503: {"model": HealthReport, "description": "The database or Redis is unreachable."}},
)
def health(session: SessionDep):
    """200 when the database (and Redis, if configured) answer; 503 naming the failing part."""
    healthy, report = health_report(session)
    return report if healthy else JSONResponse(report.model_dump(), status_code=503)
