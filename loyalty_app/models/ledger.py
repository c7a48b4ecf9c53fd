from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field


class TxType(StrEnum):
    """What a ledger row records; the stored value is the member's string."""

    STAMP_EARNED = "stamp_earned"
    STAMP_REDEEMED = "stamp_redeemed"
    STAMP_VOIDED = "stamp_voided"
    POINTS_EARNED = "points_earned"
    POINTS_REDEEMED = "points_redeemed"
    POINTS_VOIDED = "points_voided"
    POINTS_EXPIRED = "points_expired"
    WELCOME_BONUS = "welcome_bonus"
    ADMIN_ADJUSTMENT = "admin_adjustment"
    CARD_DEACTIVATED = "card_deactivated"
    CARD_REACTIVATED = "card_reactivated"
    BALANCE_IMPORTED = "balance_imported"


TX_TYPES = tuple(t.value for t in TxType)


class LoyaltyTransaction(SQLModel, table=True):
    """One append-only ledger row. A void is a new row pointing at the row it reverses."""

    __tablename__ = "loyalty_transaction"
    __table_args__ = (
        sa.CheckConstraint(f"type IN {TX_TYPES}", name="tx_type_known"),
        sa.CheckConstraint(
            "purchase_amount_cents IS NULL OR purchase_amount_cents >= 0", name="tx_amount_non_negative"
        ),
        # A row can be reversed once: the database refuses a second void even under a race.
        sa.UniqueConstraint("voided_transaction_id", name="tx_voided_once"),
        # Earning with an order reference is idempotent per store.
        sa.UniqueConstraint("store_id", "order_reference", name="tx_order_reference_per_store"),
        sa.Index("ix_tx_card_created", "card_id", "created_at"),
        sa.Index("ix_tx_store_created", "store_id", "created_at"),
        sa.Index("ix_tx_merchant_created", "merchant_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id")
    program_id: int = Field(foreign_key="loyalty_program.id")
    card_id: int = Field(foreign_key="loyalty_card.id")
    store_id: int | None = Field(default=None, foreign_key="store.id")
    type: str = Field(max_length=20)
    stamps_delta: int = 0
    points_delta: int = 0
    purchase_amount_cents: int | None = None
    order_reference: str | None = Field(default=None, max_length=100)
    reward_id: str | None = Field(default=None, max_length=64)
    reward_name: str | None = Field(default=None, max_length=200)
    voided_transaction_id: int | None = Field(default=None, foreign_key="loyalty_transaction.id")
    staff_pin_id: int | None = Field(default=None, foreign_key="staff_pin.id")
    staff_name: str | None = Field(default=None, max_length=100)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    acting_admin_id: int | None = Field(default=None, foreign_key="app_user.id")
    reason: str | None = Field(default=None, max_length=500)
    ip_address: str | None = Field(default=None, max_length=45)
    user_agent: str | None = Field(default=None, max_length=300)
    created_at: datetime = created_at_field()
