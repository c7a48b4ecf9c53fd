"""Import members and balances from another system (CSV), export cards and transactions (CSV)."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Merchant, Store, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.enrollment import EnrollmentForm, unique_card_number, validate_form
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import journal as ledger

IMPORT_COLUMNS = (
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
)
REQUIRED_COLUMNS = ("email", "first_name", "store_code")
MAX_IMPORT_ROWS = 50_000
MAX_IMPORTED_BALANCE = 1_000_000
_TRUE = {"1", "true", "yes", "y", "oui", "ja", "x"}
IMPORT_CHUNK = 500  # rows written per commit; progress is reported after each
EXPORT_BATCH = 5_000  # rows read per query (keyset pages, so no cursor stays open across commits)

# Called at a point where nothing is pending, with (phase, done, total): it may write and commit.
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    rows: int = 0
    valid: int = 0
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    imported: int = 0
    written: bool = False


def _int_field(raw: str, name: str, problems: dict) -> int:
    raw = (raw or "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > MAX_IMPORTED_BALANCE:
        problems[name] = "out_of_range"
        return 0
    return int(raw)


def count_rows(text: str) -> int:
    """Data rows in a CSV text (quoted line breaks respected), for a progress total."""
    return sum(1 for _ in csv.reader(io.StringIO(text.lstrip("\ufeff")))) - 1


def check_header(text: str) -> None:
    """Refuse a file without the required columns or with too many rows, before any job is queued."""
    header = [h.strip().lower() for h in next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise errors.ValidationFailed({"file": "missing_columns"}, f"Missing columns: {', '.join(missing)}")
    if count_rows(text) > MAX_IMPORT_ROWS:
        raise errors.ValidationFailed({"file": "too_many_rows"})


def _parse(
    session: Session, merchant_id: int, text: str, today: date, progress: Progress | None = None
) -> tuple[list[dict], ImportReport]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise errors.ValidationFailed({"file": "missing_columns"}, f"Missing columns: {', '.join(missing)}")
    reader.fieldnames = header
    stores = {
        s.code: s
        for s in session.exec(select(Store).where(Store.merchant_id == merchant_id, Store.deleted_at.is_(None)))
    }
    existing = set(
        session.exec(select(Customer.email).where(Customer.merchant_id == merchant_id, Customer.email.is_not(None)))
    )
    report, rows, seen = ImportReport(), [], set()
    for line, raw in enumerate(reader, start=2):
        if report.rows >= MAX_IMPORT_ROWS:
            raise errors.ValidationFailed({"file": "too_many_rows"})
        report.rows += 1
        if progress is not None and report.rows % 1000 == 0:
            progress("checking", report.rows, 0)
        raw = {k: (v or "") for k, v in raw.items() if k}
        form = EnrollmentForm(
            email=raw.get("email", ""),
            first_name=raw.get("first_name", ""),
            accept_terms=True,
            last_name=raw.get("last_name"),
            phone=raw.get("phone"),
            birthday=raw.get("birthday"),
            locale=raw.get("locale") or None,
            marketing_consent=raw.get("marketing_consent", "").strip().lower() in _TRUE,
        )
        clean, problems = validate_form(form, today)
        store = stores.get(raw.get("store_code", "").strip().lower())
        if store is None:
            problems["store_code"] = "unknown_store"
        stamps = _int_field(raw.get("stamps", ""), "stamps", problems)
        points = _int_field(raw.get("points", ""), "points", problems)
        if clean["email"] in existing:
            problems["email"] = "already_member"
        elif clean["email"] in seen:
            problems["email"] = "duplicate_in_file"
        seen.add(clean["email"])
        if problems:
            report.errors[line] = problems
            continue
        rows.append({"customer": clean, "store": store, "stamps": stamps, "points": points})
    report.valid = len(rows)
    return rows, report


def import_members(
    session: Session,
    merchant_id: int,
    text: str,
    actor: Actor,
    *,
    write: bool = False,
    import_valid_rows: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Preview (write=False) or import. A file with errors writes nothing unless import_valid_rows.

    Every row is checked before the first is written; the rows are then written and committed in
    chunks, so a failure part-way leaves whole members (never half a row) and `imported` says how many.
    """
    require_manager(actor, merchant_id)
    now = clock(now)
    merchant = session.get(Merchant, merchant_id)
    rows, report = _parse(session, merchant_id, text, now.astimezone(ZoneInfo(merchant.timezone)).date(), progress)
    if not write or (report.errors and not import_valid_rows) or not rows:
        return report
    program = cards.get_program(session, merchant_id)
    for row in rows:
        customer = Customer(merchant_id=merchant_id, created_at=now, **row["customer"])
        session.add(customer)
        session.flush()
        card = LoyaltyCard(
            merchant_id=merchant_id,
            program_id=program.id,
            customer_id=customer.id,
            enrolled_store_id=row["store"].id,
            card_number=unique_card_number(session),
            qr_token=cards.new_qr_token(),
            last_activity_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(card)
        session.flush()
        if row["stamps"] or row["points"]:
            ledger.append(
                session,
                card,
                type=TxType.BALANCE_IMPORTED,
                stamps_delta=row["stamps"],
                points_delta=row["points"],
                now=now,
                actor=actor,
                store_id=row["store"].id,
                reason="Imported from CSV",
            )
        effects.emit(session, CardChanged(card.id, store_id=row["store"].id))
        report.imported += 1
        if report.imported % IMPORT_CHUNK == 0 and report.imported < len(rows):
            session.commit()
            if progress is not None:
                progress("writing", report.imported, len(rows))
    audit.record(
        session,
        actor,
        "cards.import",
        None,
        None,
        {"imported": report.imported, "rejected_rows": len(report.errors)},
        merchant_id=merchant_id,
        entity_type="LoyaltyCard",
    )
    session.commit()
    report.written = True
    return report


def _safe(value):
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
            writer.writerow(["" if v is None else _safe(v) for v in row[: len(header)]])
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
