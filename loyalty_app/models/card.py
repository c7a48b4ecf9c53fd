from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field, timestamp_field


def format_card_number(number: str) -> str:
    """The card number in groups of four, as printed on cards, passes and pages."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


class LoyaltyCard(SQLModel, table=True):
    """A customer's card. Balances and lifetime totals are a cache of the ledger."""

    __tablename__ = "loyalty_card"
    __table_args__ = (
        sa.CheckConstraint("stamp_count >= 0", name="card_stamps_non_negative"),
        sa.CheckConstraint("points_balance >= 0", name="card_points_non_negative"),
        sa.CheckConstraint("lifetime_stamps >= 0", name="card_lifetime_stamps_non_negative"),
        sa.CheckConstraint("lifetime_points >= 0", name="card_lifetime_points_non_negative"),
        sa.CheckConstraint("wallet_version >= 0", name="card_wallet_version_non_negative"),
        sa.CheckConstraint("visit_count >= 0", name="card_visit_count_non_negative"),
        sa.Index("ix_card_program_customer", "program_id", "customer_id"),
        sa.Index("ix_card_merchant_activity", "merchant_id", "last_activity_at"),
        # The card list's default order over live cards (newest or oldest first, id breaking ties), read either
        # way: a deep page skips along this index alone instead of sorting every card of the merchant.
        sa.Index(
            "ix_card_merchant_created",
            "merchant_id",
            "created_at",
            "id",
            postgresql_where=sa.text("deleted_at IS NULL"),
            sqlite_where=sa.text("deleted_at IS NULL"),
        ),
        # Partial card number search ('%54321%') on PostgreSQL: a GIN trigram index. A literal column, because
        # autogenerate skips an expression index it cannot find on SQLite, where migration 0005 creates none.
        sa.Index(
            "ix_card_number_trgm",
            sa.literal_column("card_number"),
            postgresql_using="gin",
            postgresql_ops={"card_number": "gin_trgm_ops"},
            postgresql_with={"fastupdate": "off"},
        ).ddl_if(dialect="postgresql"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    program_id: int = Field(foreign_key="loyalty_program.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    enrolled_store_id: int = Field(foreign_key="store.id", index=True)
    card_number: str = Field(max_length=20, unique=True)
    qr_token: str = Field(max_length=64, unique=True)
    stamp_count: int = 0
    points_balance: int = 0
    lifetime_stamps: int = 0
    lifetime_points: int = 0
    last_activity_at: datetime | None = timestamp_field()
    # Visit counters, kept by ledger.append under the card's lock, so churn analytics need no ledger scan.
    visit_count: int = 0
    first_visit_at: datetime | None = timestamp_field()
    last_visit_at: datetime | None = timestamp_field()
    expiry_warning_sent_at: datetime | None = timestamp_field()
    reengagement_sent_at: datetime | None = timestamp_field()
    last_birthday_email_year: int | None = None
    google_object_id: str | None = Field(default=None, max_length=200)
    apple_auth_token: str | None = Field(default=None, max_length=64)
    wallet_version: int = 0
    wallet_synced_version: int = 0
    wallet_last_synced_at: datetime | None = timestamp_field()
    wallet_last_error: str | None = Field(default=None, max_length=2000)
    is_active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    deleted_at: datetime | None = timestamp_field()
    deleted_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class CardActivityMonth(SQLModel, table=True):
    """Visits per card per calendar month (UTC): what cohort retention reads instead of the ledger."""

    __tablename__ = "card_activity_month"
    __table_args__ = (sa.CheckConstraint("visits >= 1", name="activity_visits_positive"),)

    card_id: int = Field(foreign_key="loyalty_card.id", primary_key=True)
    month: date = Field(primary_key=True)
    visits: int = 1
