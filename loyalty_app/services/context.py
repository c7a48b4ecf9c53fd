"""Who acts, from where, and the clock: passed to every service that writes."""

from dataclasses import dataclass
from datetime import datetime

from ..models import utcnow


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    role: str = "system"  # platform_admin | merchant_owner | store_staff | customer | system
    merchant_id: int | None = None
    store_id: int | None = None
    acting_admin_id: int | None = None
    ip_address: str | None = None
    user_agent: str | None = None

    def reaches_merchant(self, merchant_id: int) -> bool:
        return self.role in ("platform_admin", "system") or self.merchant_id == merchant_id

    def manages(self, merchant_id: int) -> bool:
        """May run this merchant's back office: its owner, a platform admin, or the system."""
        return self.role in ("merchant_owner", "platform_admin", "system") and self.reaches_merchant(merchant_id)

    def reaches_store(self, store) -> bool:
        if self.role in ("platform_admin", "system"):
            return True
        if self.merchant_id != store.merchant_id:
            return False
        return self.role == "merchant_owner" or self.store_id == store.id


SYSTEM = Actor()
PUBLIC = Actor(role="customer")


@dataclass(frozen=True)
class StaffIdentity:
    """A staff member already verified by PIN for the shift (terminal 'PIN per shift' mode)."""

    pin_id: int
    name: str


def require_manager(actor: Actor, merchant_id: int) -> None:
    if not actor.manages(merchant_id):
        from loyalty_app.services.errors import PermissionDenied

        raise PermissionDenied()


def clock(now: datetime | None) -> datetime:
    return now or utcnow()
