"""Staff PINs as the API and the UI show them (PinPublic): never the PIN, its hash or its lookup digest."""

from sqlmodel import Session

from loyalty_app.models import StaffPin, Store
from loyalty_app.models.public import PinPublic
from loyalty_app.services.cards.public import by_id
from loyalty_app.services.merchant.stores import merchant_store
from loyalty_app.services.staff.pins import is_locked, list_pins


def pin_publics(session: Session, rows: list[StaffPin]) -> list[PinPublic]:
    stores = by_id(session, Store, (p.store_id for p in rows))
    return [
        PinPublic(
            id=p.id,
            store_code=stores[p.store_id].code,
            staff_name=p.staff_name,
            is_active=p.is_active,
            failed_attempts=p.failed_attempts,
            locked_until=p.locked_until,
            is_locked=is_locked(p),
            last_used_at=p.last_used_at,
            created_at=p.created_at,
        )
        for p in rows
    ]


def pin_public(session: Session, row: StaffPin) -> PinPublic:
    return pin_publics(session, [row])[0]


def merchant_pins(session: Session, merchant_id: int, store_code: str | None = None) -> list[PinPublic]:
    """The merchant's PINs (one store's with `store_code`), by store and name."""
    store_id = merchant_store(session, merchant_id, store_code).id if store_code else None
    return pin_publics(session, list_pins(session, merchant_id, store_id))
