"""Merchant back office: staff PINs at the merchant's stores (owners; admins with ?merchant_id=)."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from loyalty_app.models.public import Items, PinPublic
from loyalty_app.services.merchant.stores import merchant_store
from loyalty_app.services.staff import pins
from loyalty_app.services.staff.pin_list import merchant_pins, pin_public, pin_publics

from .deps import MerchantActor, SessionDep
from .ratelimit import per_user
from .schemas import ERROR_RESPONSES, Body, Id, StoreCode, Text

router = APIRouter(prefix="/api/v1/merchant/staff-pins", tags=["merchant staff PINs"], responses=ERROR_RESPONSES)
StaffName = Text(100)


class StaffPinIn(Body):
    store_code: StoreCode
    staff_name: StaffName
    pin: Text(8)


class StaffPinBulkIn(Body):
    store_code: StoreCode
    lines: Annotated[Text(20000), Field(description="One 'Name, PIN' per line.")]


class StaffPinRename(Body):
    staff_name: StaffName


@router.get("", response_model=Items[PinPublic])
def list_staff_pins(
    session: SessionDep,
    actor: MerchantActor,
    store: Annotated[StoreCode | None, Query(description="Only this store's PINs.")] = None,
):
    """Staff PINs (never the PINs themselves), by store and name."""
    return Items[PinPublic](items=merchant_pins(session, actor.merchant_id, store))


@router.post("", response_model=PinPublic, status_code=201)
def create_staff_pin(body: StaffPinIn, session: SessionDep, actor: MerchantActor):
    """Give a staff member a PIN at one store (4 to 8 digits, unique per store)."""
    store = merchant_store(session, actor.merchant_id, body.store_code)
    return pin_public(session, pins.create_pin(session, store, body.staff_name, body.pin, actor))


@router.post("/bulk", response_model=Items[PinPublic], status_code=201)
def bulk_create_staff_pins(body: StaffPinBulkIn, session: SessionDep, actor: MerchantActor):
    """Create PINs from 'Name, PIN' lines: all or nothing."""
    store = merchant_store(session, actor.merchant_id, body.store_code)
    return Items[PinPublic](items=pin_publics(session, pins.bulk_create_pins(session, store, body.lines, actor)))


@router.patch("/{pin_id}", response_model=PinPublic)
def rename_staff_pin(pin_id: Id, body: StaffPinRename, session: SessionDep, actor: MerchantActor):
    """Rename the staff member of a PIN."""
    return pin_public(session, pins.rename_pin(session, actor.merchant_id, pin_id, body.staff_name, actor))


@router.post("/{pin_id}/unlock", response_model=PinPublic, dependencies=[per_user("pin_unlock")])
def unlock_staff_pin(pin_id: Id, session: SessionDep, actor: MerchantActor):
    """Lift a lockout after too many wrong PINs."""
    return pin_public(session, pins.unlock_pin(session, actor.merchant_id, pin_id, actor))


@router.post("/{pin_id}/deactivate", response_model=PinPublic)
def deactivate_staff_pin(pin_id: Id, session: SessionDep, actor: MerchantActor):
    """Stop a PIN from working (its history stays)."""
    return pin_public(session, pins.deactivate_pin(session, actor.merchant_id, pin_id, actor))
