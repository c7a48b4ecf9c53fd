from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field, timestamp_field

EMAIL_STATUSES = ("queued", "sent", "failed")


class EmailTemplate(SQLModel, table=True):
    """A template per code and locale; merchant_id set for a merchant's override."""

    __tablename__ = "email_template"
    __table_args__ = (sa.UniqueConstraint("merchant_id", "code", "locale", name="email_template_per_locale"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    code: str = Field(max_length=50)
    locale: str = Field(max_length=5)
    subject: str = Field(max_length=300)
    body_text: str
    body_html: str
    updated_at: datetime = created_at_field()


class EmailLog(SQLModel, table=True):
    __tablename__ = "email_log"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {EMAIL_STATUSES}", name="email_status_known"),
        sa.CheckConstraint("attempts >= 0", name="email_attempts_non_negative"),
        sa.Index("ix_email_log_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    card_id: int | None = Field(default=None, foreign_key="loyalty_card.id")
    template_code: str = Field(max_length=50)
    locale: str = Field(max_length=5)
    recipient: str = Field(max_length=254, index=True)
    subject: str = Field(default="", max_length=300)
    body_text: str = ""
    body_html: str = ""
    status: str = Field(default="queued", max_length=10)
    attempts: int = 0
    error: str | None = None
    provider: str | None = Field(default=None, max_length=50)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = timestamp_field()
