"""Audit rows: who did what, on whose behalf, with old and new values."""

from sqlmodel import Session

from loyalty_app.models import AuditLog
from loyalty_app.services.context import Actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity,
    old: dict | None,
    new: dict | None,
    merchant_id: int | None = None,
    entity_type: str | None = None,
) -> AuditLog:
    row = AuditLog(
        actor_user_id=actor.user_id,
        acting_admin_id=actor.acting_admin_id,
        merchant_id=merchant_id if merchant_id is not None else getattr(entity, "merchant_id", None),
        action=action,
        entity_type=entity_type or type(entity).__name__,
        entity_id=getattr(entity, "id", None),
        old_values=_jsonable(old),
        new_values=_jsonable(new),
        ip_address=actor.ip_address,
    )
    session.add(row)
    return row


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    out = {}
    for k, v in values.items():
        out[k] = v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
    return out
