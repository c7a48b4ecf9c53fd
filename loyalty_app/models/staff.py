from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field, timestamp_field


class StaffPin(SQLModel, table=True):
    """A staff member's PIN at one store: bcrypt hash plus a keyed lookup digest."""

    __tablename__ = "staff_pin"
    __table_args__ = (
        sa.CheckConstraint("failed_attempts >= 0", name="pin_attempts_non_negative"),
        # PINs are unique per store (the digest is HMAC(secret, store:pin)), so one PIN names one person.
        sa.UniqueConstraint("store_id", "pin_lookup", name="pin_unique_per_store"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    store_id: int = Field(foreign_key="store.id", index=True)
    staff_name: str = Field(max_length=100)
    pin_hash: str = Field(max_length=100)
    pin_lookup: str = Field(max_length=64)
    failed_attempts: int = 0
    locked_until: datetime | None = timestamp_field()
    is_active: bool = True
    last_used_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
