from datetime import datetime

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from .base import created_at_field, timestamp_field

LOYALTY_TYPES = ("stamps", "points", "hybrid")
PIN_MODES = ("per_action", "per_shift")


class LoyaltyProgram(SQLModel, table=True):
    """The one program of a merchant: its rules, anti-fraud limits, branding and terms."""

    __tablename__ = "loyalty_program"
    __table_args__ = (
        sa.CheckConstraint(f"loyalty_type IN {LOYALTY_TYPES}", name="program_type_known"),
        sa.CheckConstraint("stamps_target >= 1", name="program_stamps_target_min"),
        sa.CheckConstraint("points_per_euro >= 0", name="program_rate_non_negative"),
        sa.CheckConstraint("min_purchase_cents >= 0", name="program_min_purchase_non_negative"),
        sa.CheckConstraint("welcome_bonus_points >= 0", name="program_bonus_non_negative"),
        sa.CheckConstraint("points_expiry_days IS NULL OR points_expiry_days >= 1", name="program_expiry_min"),
        sa.CheckConstraint("cooldown_minutes >= 0", name="program_cooldown_non_negative"),
        sa.CheckConstraint("max_stamps_per_day >= 1", name="program_daily_cap_min"),
        sa.CheckConstraint("pin_max_attempts IS NULL OR pin_max_attempts >= 1", name="program_pin_attempts_min"),
        sa.CheckConstraint("pin_lockout_minutes IS NULL OR pin_lockout_minutes >= 1", name="program_lockout_min"),
        sa.CheckConstraint(f"pin_mode IN {PIN_MODES}", name="program_pin_mode_known"),
        sa.CheckConstraint("pin_shift_idle_minutes >= 1", name="program_shift_idle_min"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", unique=True)
    loyalty_type: str = Field(default="stamps", max_length=10)
    stamps_target: int = 10
    stamps_reward_description: str = Field(default="", max_length=200)
    points_per_euro: float = 1.0
    min_purchase_cents: int = 0
    welcome_bonus_points: int = 0
    rewards: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # No column default: the ORM would otherwise insert 365 for an explicit None (expiry off).
    points_expiry_days: int | None = Field(default=365, sa_column_kwargs={"default": None})
    cooldown_minutes: int = 15
    max_stamps_per_day: int = 5
    pin_required: bool = True
    pin_max_attempts: int | None = None
    pin_lockout_minutes: int | None = None
    pin_mode: str = Field(default="per_action", max_length=12)
    pin_shift_idle_minutes: int = 15
    cross_location: bool = True
    card_name: str = Field(default="Loyalty card", max_length=100)
    card_color: str = Field(default="#4F46E5", max_length=7)
    logo_url: str | None = Field(default=None, max_length=500)
    terms_text: str | None = Field(default=None, max_length=10000)
    terms_url: str | None = Field(default=None, max_length=500)
    google_class_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    deleted_at: datetime | None = timestamp_field()
    deleted_by_id: int | None = Field(default=None, foreign_key="app_user.id")

    @property
    def collects_stamps(self) -> bool:
        return self.loyalty_type in ("stamps", "hybrid")

    @property
    def collects_points(self) -> bool:
        return self.loyalty_type in ("points", "hybrid")
