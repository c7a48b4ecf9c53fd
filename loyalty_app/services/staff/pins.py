"""Staff PINs: create, rename, unlock, deactivate, bulk create; verify with lockout."""

import re
from datetime import datetime, timedelta

from sqlmodel import Session, select

from loyalty_app.models import LoyaltyProgram, StaffPin, Store
from loyalty_app.services import errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, StaffIdentity, clock, require_manager
from loyalty_app.services.staff.security import check_secret, hash_pin, pin_lookup_digest
from loyalty_app.settings import get_settings

PIN_PATTERN = re.compile(r"^\d{4,8}$")


def _limits(session: Session, merchant_id: int) -> tuple[int, int]:
    settings = get_settings()
    program = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id)).first()
    attempts = (program.pin_max_attempts if program else None) or settings.pin_max_attempts
    minutes = (program.pin_lockout_minutes if program else None) or settings.pin_lockout_minutes
    return attempts, minutes


def _validate(pin: str, staff_name: str) -> dict[str, str]:
    problems = {}
    if not PIN_PATTERN.match(pin or ""):
        problems["pin"] = "pin_format"
    if not (staff_name or "").strip():
        problems["staff_name"] = "required"
    elif len(staff_name.strip()) > 100:
        problems["staff_name"] = "too_long"
    return problems


def _pin_taken(session: Session, store_id: int, digest: str) -> bool:
    return (
        session.exec(select(StaffPin.id).where(StaffPin.store_id == store_id, StaffPin.pin_lookup == digest)).first()
        is not None
    )


def create_pin(session: Session, store: Store, staff_name: str, pin: str, actor: Actor) -> StaffPin:
    require_manager(actor, store.merchant_id)
    problems = _validate(pin, staff_name)
    if problems:
        raise errors.ValidationFailed(problems)
    digest = pin_lookup_digest(store.id, pin)
    if _pin_taken(session, store.id, digest):
        raise errors.AlreadyExists("This PIN is already used at this store.", field="pin")
    row = StaffPin(
        merchant_id=store.merchant_id,
        store_id=store.id,
        staff_name=staff_name.strip(),
        pin_hash=hash_pin(pin),
        pin_lookup=digest,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "staff_pin.create", row, None, {"staff_name": row.staff_name, "store_id": store.id})
    session.commit()
    return row


def bulk_create_pins(session: Session, store: Store, lines: str, actor: Actor) -> list[StaffPin]:
    """Create PINs from 'Name, 1234' lines: all or nothing, with per-line errors."""
    require_manager(actor, store.merchant_id)
    entries, problems, seen = [], {}, set()
    for number, line in enumerate((lines or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _, pin = line.rpartition(",")
        name, pin = name.strip(), pin.strip()
        line_problems = _validate(pin, name)
        digest = pin_lookup_digest(store.id, pin) if not line_problems else None
        if digest and (digest in seen or _pin_taken(session, store.id, digest)):
            line_problems["pin"] = "pin_taken"
        if line_problems:
            problems[f"line_{number}"] = sorted(set(line_problems.values()))
        else:
            seen.add(digest)
            entries.append((name, pin, digest))
    if problems or not entries:
        raise errors.ValidationFailed(problems or {"lines": "required"})
    rows = []
    for name, pin, digest in entries:
        row = StaffPin(
            merchant_id=store.merchant_id, store_id=store.id, staff_name=name, pin_hash=hash_pin(pin), pin_lookup=digest
        )
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        audit.record(
            session, actor, "staff_pin.create", row, None, {"staff_name": row.staff_name, "store_id": store.id}
        )
    session.commit()
    return rows


def get_pin(session: Session, merchant_id: int, pin_id: int) -> StaffPin:
    row = session.get(StaffPin, pin_id)
    if row is None or row.merchant_id != merchant_id:
        raise errors.StaffPinNotFound()
    return row


def rename_pin(session: Session, merchant_id: int, pin_id: int, staff_name: str, actor: Actor) -> StaffPin:
    require_manager(actor, merchant_id)
    row = get_pin(session, merchant_id, pin_id)
    name = (staff_name or "").strip()
    if not name or len(name) > 100:
        raise errors.ValidationFailed({"staff_name": "required" if not name else "too_long"})
    old = row.staff_name
    row.staff_name = name
    audit.record(session, actor, "staff_pin.rename", row, {"staff_name": old}, {"staff_name": name})
    session.commit()
    return row


def unlock_pin(session: Session, merchant_id: int, pin_id: int, actor: Actor) -> StaffPin:
    require_manager(actor, merchant_id)
    row = get_pin(session, merchant_id, pin_id)
    old = {"failed_attempts": row.failed_attempts, "locked_until": row.locked_until}
    row.failed_attempts = 0
    row.locked_until = None
    audit.record(session, actor, "staff_pin.unlock", row, old, {"failed_attempts": 0, "locked_until": None})
    session.commit()
    return row


def deactivate_pin(session: Session, merchant_id: int, pin_id: int, actor: Actor) -> StaffPin:
    require_manager(actor, merchant_id)
    row = get_pin(session, merchant_id, pin_id)
    if row.is_active:
        row.is_active = False
        audit.record(session, actor, "staff_pin.deactivate", row, {"is_active": True}, {"is_active": False})
        session.commit()
    return row


def list_pins(session: Session, merchant_id: int, store_id: int | None = None) -> list[StaffPin]:
    stmt = select(StaffPin).where(StaffPin.merchant_id == merchant_id)
    if store_id is not None:
        stmt = stmt.where(StaffPin.store_id == store_id)
    return list(session.exec(stmt.order_by(StaffPin.store_id, StaffPin.staff_name)))


def is_locked(row: StaffPin, now: datetime | None = None) -> bool:
    """Whether the PIN is in its lockout after too many wrong tries (it unlocks by itself when that ends)."""
    return row.locked_until is not None and row.locked_until > clock(now)


def verify_pin(session: Session, store: Store, pin: str | None, now: datetime | None = None) -> StaffIdentity:
    """Check a PIN typed at a store terminal.

    A wrong PIN cannot be pinned on one person, so it counts against every active PIN of the store:
    after N wrong tries in a row the store's PINs lock for M minutes. That is what stops someone
    from walking through all 10,000 four-digit PINs. Failures are committed before raising.
    """
    now = clock(now)
    max_attempts, lockout_minutes = _limits(session, store.merchant_id)
    active = list(
        session.exec(
            select(StaffPin).where(StaffPin.store_id == store.id, StaffPin.is_active.is_(True)).with_for_update()
        )
    )
    locked = [p for p in active if is_locked(p, now)]
    digest = pin_lookup_digest(store.id, pin) if pin and PIN_PATTERN.match(pin) else None
    match = next((p for p in active if digest and p.pin_lookup == digest), None)
    if match is not None and not check_secret(pin, match.pin_hash):
        match = None
    if locked and (match is None or is_locked(match, now)):
        session.rollback()
        until = max(p.locked_until for p in locked)
        raise errors.PinLocked(
            minutes_remaining=max(1, -(-int((until - now).total_seconds()) // 60)), locked_until=until.isoformat()
        )
    if match is None:
        newly_locked = False
        for p in active:
            p.failed_attempts += 1
            if p.failed_attempts >= max_attempts:
                p.locked_until = now + timedelta(minutes=lockout_minutes)
                p.failed_attempts = 0
                newly_locked = True
            session.add(p)
        session.commit()
        if newly_locked:
            raise errors.PinLocked(
                minutes_remaining=lockout_minutes, locked_until=(now + timedelta(minutes=lockout_minutes)).isoformat()
            )
        raise errors.InvalidPin()
    for p in active:
        p.failed_attempts = 0
        session.add(p)
    match.last_used_at = now
    return StaffIdentity(pin_id=match.id, name=match.staff_name)


def confirm_shift_staff(session: Session, store: Store, staff: StaffIdentity, now: datetime) -> StaffIdentity:
    """Re-check a shift's verified staff member: still active, at this store, not locked."""
    row = session.get(StaffPin, staff.pin_id)
    if row is None or row.store_id != store.id or not row.is_active:
        raise errors.InvalidPin()
    if is_locked(row, now):
        raise errors.PinLocked(minutes_remaining=max(1, -(-int((row.locked_until - now).total_seconds()) // 60)))
    return StaffIdentity(pin_id=row.id, name=row.staff_name)
