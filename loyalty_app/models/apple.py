from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .base import created_at_field


class AppleDeviceRegistration(SQLModel, table=True):
    __tablename__ = "apple_device_registration"
    __table_args__ = (
        sa.UniqueConstraint("device_library_id", "pass_type_id", "serial_number", name="apple_registration_unique"),
    )

    id: int | None = Field(default=None, primary_key=True)
    device_library_id: str = Field(max_length=100)
    push_token: str = Field(max_length=200)
    pass_type_id: str = Field(max_length=200)
    serial_number: str = Field(max_length=100, index=True)
    created_at: datetime = created_at_field()
