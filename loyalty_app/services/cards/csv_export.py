"""Export cards and transactions (CSV), read in keyset pages so no cursor stays open across commits."""

import csv
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

import sqlalchemy as sa
from sqlmodel import Session

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Store
from loyalty_app.services import errors
from loyalty_app.services.context import Actor, require_manager

EXPORT_BATCH = 5_000  # rows read per query (keyset pages, so no cursor stays open across commits)

# Called at a point where nothing is pending, with (phase, done, total): it may write and commit.
Progress = Callable[[str, int, int], None]


def safe_cell(value):
    """Neutralise spreadsheet formulas in exported text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _write(
    session: Session, out: TextIO, header: list[str], stmt, keys: tuple, total: int, progress: Progress | None
) -> int:
    """Write the header and every row of `stmt`, read in keyset pages ordered by `keys` (the last columns)."""
    writer = csv.writer(out)
    writer.writerow(header)
    written, last = 0, None
    while True:
        page = stmt if last is None else stmt.where(sa.tuple_(*keys) > sa.tuple_(*last))
        rows = session.execute(page.order_by(*keys).limit(EXPORT_BATCH)).all()
        for row in rows:
            writer.writerow(["" if v is None else safe_cell(v) for v in row[: len(header)]])
        written += len(rows)
        if len(rows) < EXPORT_BATCH:
            return written
        last = tuple(rows[-1][len(header) :])
        session.commit()  # ends the read transaction between pages: nothing stays open for long
        if progress is not None:
            progress("exporting", written, total)


def _cards_stmt(merchant_id: int):
    return (
        sa.select(
            LoyaltyCard.card_number,
            Customer.email,
            Customer.first_name,
            Customer.last_name,
            Customer.phone,
            Customer.birth_date,
            Customer.locale,
            Customer.marketing_consent,
            Store.code,
            LoyaltyCard.stamp_count,
            LoyaltyCard.points_balance,
            LoyaltyCard.lifetime_stamps,
            LoyaltyCard.lifetime_points,
            LoyaltyCard.is_active,
            LoyaltyCard.created_at,
            LoyaltyCard.last_activity_at,
            LoyaltyCard.id,
        )
        .join(Store, Store.id == LoyaltyCard.enrolled_store_id)
        .outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
        .where(LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None))
    )


CARD_COLUMNS = [
    "card_number",
    "email",
    "first_name",
    "last_name",
    "phone",
    "birthday",
    "locale",
    "marketing_consent",
    "store_code",
    "stamps",
    "points",
    "lifetime_stamps",
    "lifetime_points",
    "is_active",
    "enrolled_at",
    "last_activity_at",
]
TRANSACTION_COLUMNS = [
    "id",
    "created_at",
    "card_number",
    "type",
    "stamps_delta",
    "points_delta",
    "purchase_amount_cents",
    "order_reference",
    "reward_id",
    "store_code",
    "staff_name",
    "voids_transaction_id",
    "reason",
]


def _transactions_stmt(merchant_id: int, start: datetime | None, end: datetime | None):
    tx = LoyaltyTransaction
    stmt = (
        sa.select(
            tx.id,
            tx.created_at,
            LoyaltyCard.card_number,
            tx.type,
            tx.stamps_delta,
            tx.points_delta,
            tx.purchase_amount_cents,
            tx.order_reference,
            tx.reward_id,
            Store.code,
            tx.staff_name,
            tx.voided_transaction_id,
            tx.reason,
            tx.created_at,
            tx.id,
        )
        .join(LoyaltyCard, LoyaltyCard.id == tx.card_id)
        .outerjoin(Store, Store.id == tx.store_id)
        .where(tx.merchant_id == merchant_id)
    )
    if start is not None:
        stmt = stmt.where(tx.created_at >= start)
    if end is not None:
        stmt = stmt.where(tx.created_at < end)
    return stmt


def check_range(start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and end <= start:
        raise errors.ValidationFailed({"end": "before_start"})


def count_export(
    session: Session, merchant_id: int, kind: str, start: datetime | None = None, end: datetime | None = None
) -> int:
    """How many rows an export will write: the progress bar's total."""
    if kind == "cards":
        stmt = (
            sa.select(sa.func.count())
            .select_from(LoyaltyCard)
            .where(LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None))
        )
    else:
        tx = LoyaltyTransaction
        stmt = sa.select(sa.func.count()).select_from(tx).where(tx.merchant_id == merchant_id)
        stmt = stmt.where(tx.created_at >= start) if start is not None else stmt
        stmt = stmt.where(tx.created_at < end) if end is not None else stmt
    return session.execute(stmt).scalar_one()


def write_cards(session: Session, merchant_id: int, actor: Actor, out: TextIO, progress: Progress | None = None) -> int:
    """Every card of the merchant as CSV into `out`; returns the number of rows."""
    require_manager(actor, merchant_id)
    total = count_export(session, merchant_id, "cards") if progress else 0
    return _write(session, out, CARD_COLUMNS, _cards_stmt(merchant_id), (LoyaltyCard.id,), total, progress)


def write_transactions(
    session: Session,
    merchant_id: int,
    actor: Actor,
    out: TextIO,
    start: datetime | None = None,
    end: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """The merchant's ledger rows in [start, end) as CSV into `out`, oldest first; returns the number of rows."""
    require_manager(actor, merchant_id)
    check_range(start, end)
    total = count_export(session, merchant_id, "transactions", start, end) if progress else 0
    keys = (LoyaltyTransaction.created_at, LoyaltyTransaction.id)
    return _write(session, out, TRANSACTION_COLUMNS, _transactions_stmt(merchant_id, start, end), keys, total, progress)
