from datetime import datetime

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from .base import created_at_field, timestamp_field


class Merchant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    timezone: str = Field(default="Europe/Luxembourg", max_length=64)
    default_locale: str = Field(default="en", max_length=5)
    created_at: datetime = created_at_field()
    deleted_at: datetime | None = timestamp_field()


class Store(SQLModel, table=True):
    __table_args__ = (sa.CheckConstraint("code <> ''", name="store_code_not_empty"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    description: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    is_active: bool = True
    created_at: datetime = created_at_field()
    deleted_at: datetime | None = timestamp_field()
