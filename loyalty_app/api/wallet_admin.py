"""Platform admin: wallet configuration check, class status, card inspector, save-link test, sync failures."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from loyalty_app.services.wallet import debug as wallet_admin

from ..wallet import config
from .deps import AdminUser, SessionDep
from .schemas import ERROR_RESPONSES, Id

router = APIRouter(prefix="/api/v1/admin/wallet", tags=["admin wallet"], responses=ERROR_RESPONSES)
CheckRemote = Annotated[bool, Query(description="Also ask Google (class review status, object existence).")]


class WalletConfig(BaseModel):
    enabled: bool
    problems: list[str]
    warnings: list[str]
    model_config = {"extra": "allow"}


class ConfigOut(BaseModel):
    google: WalletConfig
    apple: WalletConfig


class ClassStatus(BaseModel):
    program_id: int
    merchant: str
    card_name: str
    class_id: str | None
    created: bool
    review_status: str | None
    remote_error: str | None
    cards: int
    cards_out_of_sync: int


class ClassesOut(BaseModel):
    google_enabled: bool
    items: list[ClassStatus]


class SyncStatus(BaseModel):
    version: int
    synced_version: int
    last_synced_at: datetime | None
    last_error: str | None
    in_sync: bool
    google_object_id: str | None


class Inspection(BaseModel):
    card_id: int
    card_number: str
    sync: SyncStatus
    google: dict[str, Any] | None
    apple: dict[str, Any] | None


class SaveLinkTest(BaseModel):
    url: str
    length: int
    max_length: int
    under_limit: bool
    signature_valid: bool
    problem: str | None
    header: dict[str, Any]
    claims: dict[str, Any]
    object_exists: bool | None
    remote_error: str | None


class Failure(SyncStatus):
    card_id: int
    card_number: str
    merchant: str


class FailuresOut(BaseModel):
    total: int
    items: list[Failure]


class Queued(BaseModel):
    job_id: str | None


@router.get("/config", response_model=ConfigOut)
def wallet_config(_admin: AdminUser):
    """Each wallet on or off, with its problems (files, keys) and warnings (certificate expiry, HTTP)."""
    return config.report()


@router.get("/classes", response_model=ClassesOut)
def class_status(session: SessionDep, _admin: AdminUser, check_remote: CheckRemote = True):
    """Per program: its Google class id, whether it exists, Google's review status, cards out of sync."""
    return wallet_admin.class_status(session, check_remote)


@router.get("/cards/{card_id}", response_model=Inspection)
def inspect_card(card_id: Id, session: SessionDep, _admin: AdminUser):
    """The Google class and object and the Apple pass.json of a card, as the next sync would send them."""
    return wallet_admin.inspect_card(session, card_id)


@router.get("/cards/{card_id}/save-link", response_model=SaveLinkTest)
def save_link(card_id: Id, session: SessionDep, _admin: AdminUser, check_remote: CheckRemote = True):
    """The card's "Add to Google Wallet" link, checked: length, signature, and the object it names."""
    return wallet_admin.save_link_test(session, card_id, check_remote)


@router.get("/failures", response_model=FailuresOut)
def failures(
    session: SessionDep, _admin: AdminUser, limit: Annotated[int, Query(ge=1, le=wallet_admin.MAX_FAILURES)] = 100
):
    """Cards whose last wallet sync failed or lags their balance."""
    return wallet_admin.failures(session, limit)


@router.post("/cards/{card_id}/resync", response_model=Queued, status_code=202)
def resync_card(card_id: Id, session: SessionDep, _admin: AdminUser):
    """Queue the card's sync now, even if it looks in sync."""
    return {"job_id": wallet_admin.request_resync(session, card_id)}


@router.post("/resync", response_model=Queued, status_code=202)
def resync_failures(session: SessionDep, _admin: AdminUser):
    """Queue the sweep now: every failing or lagging card is synced again."""
    return {"job_id": wallet_admin.request_resync(session)}
