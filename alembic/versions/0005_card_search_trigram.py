"""card search indexes: trigram indexes for substring search (PostgreSQL), the card list's default order

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Exactly models.customer.member_search_text, frozen here: the planner uses the index only for this expression.
MEMBER_SEARCH_TEXT = (
    "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, ''))"
)


def upgrade() -> None:
    live = sa.text("deleted_at IS NULL")
    op.create_index(
        "ix_card_merchant_created", "loyalty_card", ["merchant_id", "created_at", "id"],
        postgresql_where=live, sqlite_where=live,
    )
    # SQLite has no trigram index; its card search stays a scan, which is fine at its scale.
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # fastupdate off: new entries go straight into the index rather than a pending list that every search
    # scans until the next vacuum (PostgreSQL's advice when steady response time matters more than writes).
    op.execute(
        f"CREATE INDEX ix_customer_search_trgm ON customer USING gin ({MEMBER_SEARCH_TEXT} gin_trgm_ops)"
        " WITH (fastupdate = off)"
    )
    op.create_index(
        "ix_card_number_trgm", "loyalty_card", ["card_number"],
        postgresql_using="gin", postgresql_ops={"card_number": "gin_trgm_ops"}, postgresql_with={"fastupdate": "off"},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_card_number_trgm", table_name="loyalty_card")
        op.drop_index("ix_customer_search_trgm", table_name="customer")
        op.execute("DROP EXTENSION IF EXISTS pg_trgm")
    op.drop_index("ix_card_merchant_created", table_name="loyalty_card")
