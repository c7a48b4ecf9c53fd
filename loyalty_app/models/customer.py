from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field, timestamp_field


class Customer(SQLModel, table=True):
    """A member of one merchant's program; email unique per merchant (stored lower-case)."""

    __table_args__ = (sa.UniqueConstraint("merchant_id", "email", name="customer_email_per_merchant"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    email: str | None = Field(default=None, max_length=254)
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    birth_date: date | None = None
    locale: str = Field(default="en", max_length=5)
    marketing_consent: bool = False
    notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = created_at_field()
    anonymized_at: datetime | None = timestamp_field()
