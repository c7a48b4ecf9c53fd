"""The program of a merchant, as one model ladder: ProgramBase -> LoyaltyProgram (the table) -> ProgramUpdate
(the settings as a change leaves them, validated) -> ProgramPublic (what the API answers).

Each setting's limits live once, in its Field(); `problem(...)` names the code a form shows when they fail.
The table model never validates (SQLModel table models do not on init): validate with ProgramUpdate.
"""

from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError
from sqlmodel import JSON, Column, Field, SQLModel

from .base import created_at_field, timestamp_field

LOYALTY_TYPES = ("stamps", "points", "hybrid")
PIN_MODES = ("per_action", "per_shift")
REWARD_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MAX_REWARDS = 50


def problem(code: str) -> WrapValidator:
    """Any failure of the field's type or limits reads as one problem code (an `i18n` problem key)."""

    def wrap(value: Any, handler):
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError(code, code) from None

    return WrapValidator(wrap)


def _one_of(choices: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"one of {choices}")
        return value

    return AfterValidator(check)


def _blank_is_none(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _required_when_stamps(value: str, info: ValidationInfo) -> str:
    if info.data.get("loyalty_type") in ("stamps", "hybrid") and not value:
        raise PydanticCustomError("required", "required")
    return value


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:  # PostgreSQL refuses NUL in text
        raise PydanticCustomError("invalid", "invalid")
    return value


def _unique_ids(rewards: list) -> list:
    if len({r.id for r in rewards}) < len(rewards):
        raise PydanticCustomError("duplicate_reward_id", "duplicate_reward_id")
    return rewards


class CatalogReward(SQLModel):
    """One entry of a points catalog; stored as JSON in the program row."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    id: str = Field(schema_extra={"pattern": REWARD_ID})
    name: str = Field(min_length=1, max_length=200)
    points_cost: int = Field(ge=1, le=10_000_000)
    description: Annotated[str | None, BeforeValidator(_blank_is_none)] = Field(default=None, max_length=500)

    _text = field_validator("*")(_no_nul)


REWARD_PROBLEMS = {
    "id": "invalid_reward_id",
    "name": "invalid_reward_name",
    "points_cost": "invalid_points_cost",
    "description": "invalid_reward_description",
}


def _catalog_shape(value: Any, handler):
    """Not a list, or too long: "invalid"; a bad entry keeps its own problem code."""
    if not isinstance(value, list) or len(value) > MAX_REWARDS:
        raise PydanticCustomError("invalid", "invalid")
    return handler(value)


def _reward_problem(value: Any, handler):
    """A bad catalog entry reads as the problem of its first bad field (not a dict: a bad id)."""
    try:
        return handler(value)
    except ValidationError as exc:
        loc = exc.errors()[0]["loc"]
        code = REWARD_PROBLEMS.get(str(loc[0]), "invalid") if loc else "invalid_reward_id"
        raise PydanticCustomError(code, code) from None


OutOfRange = problem("out_of_range")
Choice = problem("invalid_choice")
Url = Annotated[str | None, BeforeValidator(_blank_is_none), problem("invalid_url")]
RewardEntry = Annotated[CatalogReward, WrapValidator(_reward_problem)]
Catalog = Annotated[list[RewardEntry], WrapValidator(_catalog_shape), AfterValidator(_unique_ids)]
URL_RULES = {"max_length": 500, "schema_extra": {"pattern": r"^(https?://|/)"}}


class ProgramBase(SQLModel):
    """Every setting a merchant edits, with its limits: the one source of the program's rules."""

    loyalty_type: Annotated[str, _one_of(LOYALTY_TYPES), Choice] = Field(
        default="stamps", max_length=10, schema_extra={"json_schema_extra": {"enum": list(LOYALTY_TYPES)}}
    )
    stamps_target: Annotated[int, OutOfRange] = Field(default=10, ge=1, le=1000)
    stamps_reward_description: Annotated[str, problem("too_long"), AfterValidator(_required_when_stamps)] = Field(
        default="", max_length=200
    )
    points_per_euro: Annotated[float, OutOfRange] = Field(default=1.0, ge=0, le=1000)
    min_purchase_cents: Annotated[int, OutOfRange] = Field(default=0, ge=0, le=10_000_000)
    welcome_bonus_points: Annotated[int, OutOfRange] = Field(default=0, ge=0, le=100_000)
    rewards: Catalog = Field(default_factory=list, max_length=MAX_REWARDS)
    points_expiry_days: Annotated[int | None, OutOfRange] = Field(
        default=365, ge=1, le=3650, sa_column_kwargs={"default": None}
    )
    cooldown_minutes: Annotated[int, OutOfRange] = Field(default=15, ge=0, le=1440)
    max_stamps_per_day: Annotated[int, OutOfRange] = Field(default=5, ge=1, le=1000)
    pin_required: Annotated[bool, Choice] = True
    pin_max_attempts: Annotated[int | None, OutOfRange] = Field(default=None, ge=1, le=20)
    pin_lockout_minutes: Annotated[int | None, OutOfRange] = Field(default=None, ge=1, le=1440)
    pin_mode: Annotated[str, _one_of(PIN_MODES), Choice] = Field(
        default="per_action", max_length=12, schema_extra={"json_schema_extra": {"enum": list(PIN_MODES)}}
    )
    pin_shift_idle_minutes: Annotated[int, OutOfRange] = Field(default=15, ge=1, le=720)
    cross_location: Annotated[bool, Choice] = True
    card_name: Annotated[str, problem("required")] = Field(default="Loyalty card", min_length=1, max_length=100)
    card_color: Annotated[str, problem("invalid_color")] = Field(
        default="#4F46E5", max_length=7, schema_extra={"pattern": r"^#[0-9A-Fa-f]{6}$"}
    )
    logo_url: Url = Field(default=None, **URL_RULES)
    terms_text: Annotated[str | None, BeforeValidator(_blank_is_none), problem("too_long")] = Field(
        default=None, max_length=10000
    )
    terms_url: Url = Field(default=None, **URL_RULES)

    _text = field_validator("*")(_no_nul)


EDITABLE = tuple(ProgramBase.model_fields)


class LoyaltyProgram(ProgramBase, table=True):
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
    # The catalog as stored: a list of CatalogReward dicts (validated by ProgramUpdate before it is written).
    rewards: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
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


class ProgramUpdate(ProgramBase):
    """The settings as a change leaves them, checked together (strictly: "10" is not a number here)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


def field_problems(exc: ValidationError) -> dict[str, list[str]]:
    """The problem codes of a failed ProgramUpdate, by field (a field may have several)."""
    found: dict[str, list[str]] = {}
    for err in exc.errors():
        code = "unknown_field" if err["type"] == "extra_forbidden" else err["type"]
        codes = found.setdefault(str(err["loc"][0]) if err["loc"] else "program", [])
        if code not in codes:
            codes.append(code)
    return found


class ProgramPublic(ProgramBase):
    """The program as the API shows it."""

    id: int
    merchant_id: int
    updated_at: datetime
