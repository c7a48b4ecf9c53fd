from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field

ROLES = ("platform_admin", "merchant_owner", "store_staff")


class User(SQLModel, table=True):
    """A back-office account: platform admin, merchant owner or store staff."""

    __tablename__ = "app_user"
    __table_args__ = (
        sa.CheckConstraint(f"role IN {ROLES}", name="user_role_known"),
        sa.CheckConstraint("role = 'platform_admin' OR merchant_id IS NOT NULL", name="user_scoped_to_merchant"),
        sa.CheckConstraint("role <> 'store_staff' OR store_id IS NOT NULL", name="staff_has_store"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=100)
    role: str = Field(max_length=20)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    store_id: int | None = Field(default=None, foreign_key="store.id")
    full_name: str = Field(default="", max_length=200)
    is_active: bool = True
    created_at: datetime = created_at_field()
