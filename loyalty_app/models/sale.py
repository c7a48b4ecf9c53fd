from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, created_at_field


class Sale(SQLModel, table=True):
    """A sale a store reported, with or without a card: the base of revenue attribution."""

    __table_args__ = (
        sa.CheckConstraint("amount_cents >= 0", name="sale_amount_non_negative"),
        sa.UniqueConstraint("store_id", "order_reference", name="sale_order_reference_per_store"),
        sa.Index("ix_sale_store_occurred", "store_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    store_id: int = Field(foreign_key="store.id")
    card_id: int | None = Field(default=None, foreign_key="loyalty_card.id", index=True)
    amount_cents: int
    order_reference: str | None = Field(default=None, max_length=100)
    source: str = Field(default="pos", max_length=10)
    occurred_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_at: datetime = created_at_field()
