"""Import members and balances from another system (CSV): every row checked first, then written in chunks."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, Merchant, Store, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.csv_export import Progress
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


def _check_row(raw: dict, stores: dict, taken: set, seen: set, today: date) -> tuple[dict, dict]:
    """One data row as the row to write, and its problems by column (empty when it may be written)."""
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
    if clean["email"] in taken:
        problems["email"] = "already_member"
    elif clean["email"] in seen:
        problems["email"] = "duplicate_in_file"
    seen.add(clean["email"])
    return {"customer": clean, "store": store, "stamps": stamps, "points": points}, problems


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
    taken = set(
        session.exec(select(Customer.email).where(Customer.merchant_id == merchant_id, Customer.email.is_not(None)))
    )
    report, rows, seen = ImportReport(), [], set()
    for line, raw in enumerate(reader, start=2):
        if report.rows >= MAX_IMPORT_ROWS:
            raise errors.ValidationFailed({"file": "too_many_rows"})
        report.rows += 1
        if progress is not None and report.rows % 1000 == 0:
            progress("checking", report.rows, 0)
        row, problems = _check_row(raw, stores, taken, seen, today)
        if problems:
            report.errors[line] = problems
        else:
            rows.append(row)
    report.valid = len(rows)
    return rows, report


def _write_row(session: Session, merchant_id: int, program_id: int, row: dict, actor: Actor, now: datetime) -> None:
    """One checked row as a customer, a card and, when it brings a balance, its opening ledger line."""
    customer = Customer(merchant_id=merchant_id, created_at=now, **row["customer"])
    session.add(customer)
    session.flush()
    card = LoyaltyCard(
        merchant_id=merchant_id,
        program_id=program_id,
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
        _write_row(session, merchant_id, program.id, row, actor, now)
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
