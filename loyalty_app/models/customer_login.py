from datetime import datetime

from sqlmodel import Field, SQLModel

from .base import created_at_field, timestamp_field


class CustomerSignInLink(SQLModel, table=True):
    """A one-time sign-in link emailed to a customer: consumed once, by an atomic update of `consumed_at`."""

    __tablename__ = "customer_sign_in_link"

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(max_length=64, unique=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    store_id: int = Field(foreign_key="store.id")
    created_at: datetime = created_at_field()
    expires_at: datetime = created_at_field()
    consumed_at: datetime | None = timestamp_field()
