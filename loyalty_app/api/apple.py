"""The PassKit web service Apple Wallet calls (the pass's webServiceURL is /api/v1/apple)."""

from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response
from pydantic import BaseModel, Field

from loyalty_app.services.wallet import apple_devices
from loyalty_app.services.wallet import passes as wallet_passes

from ..wallet.pkpass import MIME_TYPE
from .deps import SessionDep
from .errors import ApiError
from .schemas import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1/apple/v1", tags=["apple wallet"], responses=ERROR_RESPONSES)
DeviceId = Annotated[str, Path(min_length=1, max_length=100)]
PassTypeId = Annotated[str, Path(min_length=1, max_length=200)]
Serial = Annotated[str, Path(min_length=1, max_length=100)]
Authorization = Annotated[str | None, Header(description="ApplePass <authenticationToken>")]


class RegistrationIn(BaseModel):
    pushToken: Annotated[str, Field(min_length=1, max_length=200)]  # Apple's field names


class SerialNumbers(BaseModel):
    serialNumbers: list[str]
    lastUpdated: str


class LogsIn(BaseModel):
    logs: Annotated[list[Annotated[str, Field(max_length=2000)]], Field(max_length=100)]


def _served(pass_type_id: str) -> None:
    if not apple_devices.pass_type_served(pass_type_id):
        raise ApiError(404, "NOT_FOUND", "This platform serves no such pass type.")


def _card(session, pass_type_id: str, serial_number: str, authorization: str | None):
    _served(pass_type_id)
    card = apple_devices.authenticate(session, pass_type_id, serial_number, authorization)
    if card is None:
        raise ApiError(401, "UNAUTHENTICATED", "Send Authorization: ApplePass <the pass's authenticationToken>.")
    return card


@router.post(
    "/devices/{device_id}/registrations/{pass_type_id}/{serial_number}",
    status_code=201,
    response_class=Response,
    responses={200: {"description": "This device was already registered for this pass."}},
)
def register_device(
    device_id: DeviceId,
    pass_type_id: PassTypeId,
    serial_number: Serial,
    body: RegistrationIn,
    session: SessionDep,
    authorization: Authorization = None,
):
    """Register a device to receive push notifications for a pass: 201 new, 200 already registered."""
    _card(session, pass_type_id, serial_number, authorization)
    created = apple_devices.register(session, device_id, pass_type_id, serial_number, body.pushToken)
    return Response(status_code=201 if created else 200)


@router.delete("/devices/{device_id}/registrations/{pass_type_id}/{serial_number}", response_class=Response)
def unregister_device(
    device_id: DeviceId,
    pass_type_id: PassTypeId,
    serial_number: Serial,
    session: SessionDep,
    authorization: Authorization = None,
):
    """Stop sending pushes for this pass to this device."""
    _card(session, pass_type_id, serial_number, authorization)
    apple_devices.unregister(session, device_id, pass_type_id, serial_number)
    return Response(status_code=200)


@router.get(
    "/devices/{device_id}/registrations/{pass_type_id}",
    response_model=SerialNumbers,
    responses={204: {"description": "None of this device's passes changed since the tag."}},
)
def updated_serial_numbers(
    device_id: DeviceId,
    pass_type_id: PassTypeId,
    session: SessionDep,
    passesUpdatedSince: Annotated[str | None, Query(max_length=40)] = None,
):
    """Serial numbers of this device's passes changed since the tag; 204 when none."""
    _served(pass_type_id)
    serials, tag = apple_devices.updated_serials(session, device_id, pass_type_id, passesUpdatedSince)
    if not serials:
        return Response(status_code=204)
    return {"serialNumbers": serials, "lastUpdated": tag}


@router.get(
    "/passes/{pass_type_id}/{serial_number}",
    response_class=Response,
    responses={200: {"content": {MIME_TYPE: {}}}, 304: {"description": "Not modified."}},
)
def latest_pass(
    pass_type_id: PassTypeId,
    serial_number: Serial,
    session: SessionDep,
    authorization: Authorization = None,
    if_modified_since: Annotated[str | None, Header()] = None,
):
    """The latest signed pass; 304 when it has not changed since If-Modified-Since."""
    card = _card(session, pass_type_id, serial_number, authorization)
    modified = wallet_passes.modified_at(card, wallet_passes.program_of(session, card)).replace(microsecond=0)
    last_modified = format_datetime(modified.astimezone(UTC), usegmt=True)
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            since = None
        if since is not None and since.tzinfo is not None and modified <= since:
            return Response(status_code=304, headers={"Last-Modified": last_modified})
    built = wallet_passes.build_card_pass(session, card)
    return Response(built.content, media_type=MIME_TYPE, headers={"Last-Modified": last_modified})


@router.post("/log", response_class=Response)
def device_log(body: LogsIn):
    """Wallet's error messages about our passes, kept in the server log."""
    apple_devices.log_messages(body.logs)
    return Response(status_code=200)
