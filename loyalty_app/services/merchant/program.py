"""Create and update a merchant's program, validated by the rules of models.program.ProgramUpdate."""

from datetime import datetime

from pydantic import ValidationError
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyProgram
from loyalty_app.models.program import EDITABLE, ProgramUpdate, field_problems
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards.cards import get_program
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.events import ProgramChanged


def validate(values: dict) -> ProgramUpdate:
    """The whole program after a change, checked against ProgramUpdate's rules; every problem at once.

    Raises ValidationFailed with each field's problem codes, so a form can show them all.
    """
    try:
        return ProgramUpdate.model_validate(values, strict=True)
    except ValidationError as exc:
        raise errors.ValidationFailed(field_problems(exc)) from None


def snapshot(program: LoyaltyProgram) -> dict:
    return {k: getattr(program, k) for k in EDITABLE}


def create_program(
    session: Session, merchant_id: int, values: dict, actor: Actor, now: datetime | None = None
) -> LoyaltyProgram:
    require_manager(actor, merchant_id)
    existing = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id)).first()
    if existing is not None:
        raise errors.AlreadyExists("This merchant already has a program.")
    valid = validate({**snapshot(LoyaltyProgram(merchant_id=merchant_id)), **values})
    now = clock(now)
    program = LoyaltyProgram(merchant_id=merchant_id, created_at=now, updated_at=now, **valid.model_dump())
    session.add(program)
    session.flush()
    audit.record(session, actor, "program.create", program, None, snapshot(program))
    session.commit()
    return program


def update_program(
    session: Session, merchant_id: int, changes: dict, actor: Actor, now: datetime | None = None
) -> LoyaltyProgram:
    """Apply a partial update; unknown fields are refused, everything is validated together."""
    require_manager(actor, merchant_id)
    program = get_program(session, merchant_id)
    before = snapshot(program)
    for k, value in validate({**before, **changes}).model_dump().items():
        setattr(program, k, value)
    program.updated_at = clock(now)
    old, new = audit.diff(before, snapshot(program))
    if new:
        audit.record(session, actor, "program.update", program, old, new)
        effects.emit(session, ProgramChanged(program.id))
    session.add(program)
    session.commit()
    return program
