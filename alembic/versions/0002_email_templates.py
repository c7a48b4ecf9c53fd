"""seed the platform default email templates (7 codes x en, fr, de, lb)

Data only: the schema is unchanged, so autogenerate still finds no difference. The texts come
from loyalty_app.services.email.defaults as they are when the migration runs; rows an admin
edits later are the admin's, and `ensure_platform_defaults` restores a deleted default.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:10:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from loyalty_app.models.base import UTCDateTime
from loyalty_app.services.email.defaults import CODES, all_defaults

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

email_template = sa.table(
    "email_template",
    sa.column("merchant_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("locale", sa.String),
    sa.column("subject", sa.String),
    sa.column("body_text", sa.Text),
    sa.column("body_html", sa.Text),
    sa.column("updated_at", UTCDateTime()),
)


def upgrade() -> None:
    now = datetime.now(UTC)
    op.bulk_insert(email_template, [{"merchant_id": None, "updated_at": now, **row} for row in all_defaults()])


def downgrade() -> None:
    op.execute(email_template.delete().where(email_template.c.merchant_id.is_(None),
                                             email_template.c.code.in_(CODES)))
