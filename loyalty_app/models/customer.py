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


def member_search_text(customer) -> sa.ColumnElement[str]:
    """What the card search matches a member by: 'first last email', lower-case (Customer or an alias of it)."""
    # Nested the way PostgreSQL prints the indexed expression back, ((a || b) || c) ..., so that autogenerate
    # sees the index unchanged; SQLAlchemy's + would flatten the parentheses.
    text = sa.func.coalesce(customer.first_name, "")
    for part in (" ", sa.func.coalesce(customer.last_name, ""), " "):
        text = sa.Grouping(text.op("||", return_type=sa.String)(part))
    return sa.func.lower(text.op("||", return_type=sa.String)(sa.func.coalesce(customer.email, "")))


# Substring search ('%ada%') on PostgreSQL: a GIN trigram index over exactly the expression the search uses.
# SQLite has no such index (migration 0005 skips it there), and autogenerate skips an expression index it
# cannot find on SQLite, so this declaration holds on both databases.
sa.Index(
    "ix_customer_search_trgm",
    member_search_text(Customer.__table__.c).label("search_text"),
    postgresql_using="gin",
    postgresql_ops={"search_text": "gin_trgm_ops"},
    postgresql_with={"fastupdate": "off"},
).ddl_if(dialect="postgresql")
