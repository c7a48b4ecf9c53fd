"""customer sign-in links: one-time links emailed to customers for the storefront card page

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 21:20:29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op
from loyalty_app.models.base import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jti", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("consumed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("jti"),
    )
    with op.batch_alter_table("customer_sign_in_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_sign_in_link_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customer_sign_in_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_sign_in_link_customer_id"))
    op.drop_table("customer_sign_in_link")
