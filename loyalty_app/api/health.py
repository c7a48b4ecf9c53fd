"""Liveness for load balancers and operators: database, Redis and scheduled jobs."""

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from loyalty_app.services.admin import platform

from .deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["health"])


class HealthOut(BaseModel):
    status: Literal["ok", "error"]
    database: Literal["ok", "error"]
    redis: Literal["ok", "embedded", "unreachable"]
    jobs: Literal["ok", "late", "unknown"]


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database or Redis is unreachable."}},
)
def health(session: SessionDep):
    """200 when the database (and Redis, if configured) answer; 503 naming the failing part."""
    healthy, parts = platform.health(session)
    return parts if healthy else JSONResponse(parts, status_code=503)
