"""Read models: what the API answers and the UI shows, one shape each (API.md's CARD, TX, ...).

Services build these from the tables; the routers use them as `response_model`, and Reflex states hold
them (or rows derived from them) as typed vars. None of them carries a secret (PIN hash, wallet keys).
"""

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from .email import EMAIL_STATUSES
from .ledger import TX_TYPES
from .program import LOYALTY_TYPES


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


T = TypeVar("T")


class Items(ReadModel, Generic[T]):
    items: list[T]


class Page(Items[T], Generic[T]):
    total: int
    page: int
    page_size: int


class StoreRef(ReadModel):
    code: str
    name: str


class StorePublic(ReadModel):
    id: int
    code: str
    name: str
    is_active: bool


class CustomerSummary(ReadModel):
    first_name: str | None
    last_name: str | None
    email: str | None


class CustomerPublic(CustomerSummary):
    """The member as the merchant's card page shows them (phone and birthday too)."""

    phone: str | None
    birthday: date | None
    locale: str
    marketing_consent: bool


class CardPublic(ReadModel):
    id: int
    card_number: str
    qr_token: str
    loyalty_type: Literal[LOYALTY_TYPES]
    stamp_count: int
    stamps_target: int
    points_balance: int
    is_active: bool
    enrolled_at_store: StoreRef
    customer: CustomerSummary | None


class CardListItem(CardPublic):
    """A card of the merchant's card list: when it joined and when it was last used."""

    last_activity_at: datetime | None
    created_at: datetime


class TxPublic(ReadModel):
    id: int
    card_number: str
    type: Literal[TX_TYPES]
    stamps_delta: int
    points_delta: int
    purchase_amount_cents: int | None
    order_reference: str | None
    reward_id: str | None
    store_code: str | None
    staff_name: str | None
    created_at: datetime
    voided_by_id: int | None


class Operation(ReadModel):
    """What a store operation answers: the ledger row it wrote and the card after it."""

    transaction: TxPublic
    card: CardPublic


class StampResult(Operation):
    reward_ready: bool


class EarnResult(Operation):
    points_earned: int


class CardOnly(ReadModel):
    card: CardPublic


class CardDetail(ReadModel):
    """One card with its member's details and a page of its history, newest first."""

    card: CardPublic
    customer: CustomerPublic | None
    lifetime_stamps: int
    lifetime_points: int
    last_activity_at: datetime | None
    created_at: datetime
    deactivated_reason: str | None
    history: Page[TxPublic]


class SalePublic(ReadModel):
    id: int
    store_code: str
    amount_cents: int
    card_number: str | None
    order_reference: str | None
    occurred_at: datetime


class SaleOnly(ReadModel):
    sale: SalePublic


class PinPublic(ReadModel):
    """A staff PIN without its hash or lookup digest."""

    id: int
    store_code: str
    staff_name: str
    is_active: bool
    failed_attempts: int
    locked_until: datetime | None
    is_locked: bool
    last_used_at: datetime | None
    created_at: datetime


class RewardPublic(ReadModel):
    id: str
    name: str
    points_cost: int


class ProgramForCustomers(ReadModel):
    """The program as a customer sees it before joining: no wallet ids, no anti-fraud settings."""

    loyalty_type: Literal[LOYALTY_TYPES]
    card_name: str
    card_color: str
    logo_url: str | None
    stamps_target: int
    stamps_reward_description: str
    points_per_euro: float
    rewards: list[RewardPublic]
    welcome_bonus_points: int
    terms_url: str | None
    terms_text: str | None


class MerchantName(ReadModel):
    name: str


class StorefrontPublic(ReadModel):
    store: StoreRef
    merchant: MerchantName
    program: ProgramForCustomers


class EmailLogPublic(ReadModel):
    """A row of the email log (API.md's admin email list)."""

    id: int
    template_code: str
    locale: str
    recipient: str
    subject: str
    status: Literal[EMAIL_STATUSES]
    attempts: int
    error: str | None
    created_at: datetime
    sent_at: datetime | None


class EmailLogRow(EmailLogPublic):
    """A row of the admin console's email log: with the merchant's name and the provider that took it."""

    merchant: str | None
    provider: str | None


class EmailLogPage(Items[EmailLogRow]):
    total: int
    page: int
    pages: int


class MerchantPublic(ReadModel):
    """A merchant as platform admins list it, with its live stores and cards counted."""

    id: int
    name: str
    timezone: str
    default_locale: str
    created_at: datetime
    deleted_at: datetime | None
    store_count: int
    card_count: int


class HealthReport(ReadModel):
    status: Literal["ok", "error"]
    database: Literal["ok", "error"]
    redis: Literal["ok", "embedded", "unreachable"]
    jobs: Literal["ok", "late", "unknown"]
