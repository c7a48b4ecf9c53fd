"""Which merchant a back-office request acts on, and as whom (admins act on behalf of one)."""

from dataclasses import replace

from sqlmodel import Session

from loyalty_app.models import Merchant, User
from loyalty_app.services import errors
from loyalty_app.services.context import Actor
from loyalty_app.services.staff.accounts import actor_for


def actor_for_request(user: User, ip_address: str | None, user_agent: str | None) -> Actor:
    """A platform admin's every write carries their id as the acting admin."""
    return actor_for(user, ip_address, user_agent, acting_admin_id=user.id if user.role == "platform_admin" else None)


def merchant_actor(
    session: Session, user: User, merchant_id: int | None, ip_address: str | None = None, user_agent: str | None = None
) -> Actor:
    """A merchant owner acts on their own merchant; a platform admin names one with `merchant_id`."""
    if user.role == "platform_admin":
        if merchant_id is None:
            raise errors.ValidationFailed({"merchant_id": "required"})
        merchant = session.get(Merchant, merchant_id)
        if merchant is None or merchant.deleted_at is not None:
            raise errors.NotFound("No such merchant.", merchant_id=merchant_id)
        return Actor(
            user_id=user.id,
            role=user.role,
            merchant_id=merchant.id,
            acting_admin_id=user.id,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    if user.role != "merchant_owner" or merchant_id not in (None, user.merchant_id):
        raise errors.PermissionDenied()
    return actor_for(user, ip_address, user_agent)


def as_platform_admin(actor: Actor) -> Actor:
    """The actor of /admin: a platform admin, recorded as the acting admin on every write; PermissionDenied else."""
    if actor.role != "platform_admin":
        raise errors.PermissionDenied()
    return replace(actor, acting_admin_id=actor.user_id)


def require_platform_admin(user: User) -> None:
    if user.role != "platform_admin":
        raise errors.PermissionDenied()
