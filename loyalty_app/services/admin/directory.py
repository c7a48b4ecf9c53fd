"""What the platform admin console reads: platform stats, merchants with stores and programs, customers, cards."""

import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, EmailLog, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, Store
from loyalty_app.services import errors
from loyalty_app.services.admin import platform
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.cards.cards import CARD_NUMBER_DIGITS, normalize_card_number
from loyalty_app.services.context import clock

STATS_DAYS = 30
MAX_CUSTOMERS = 100
KPI_TOTALS = (
    "members",
    "active_members",
    "stamps_issued",
    "stamps_redeemed",
    "points_issued",
    "points_redeemed",
    "points_liability",
)


def platform_stats(session: Session, now: datetime | None = None) -> dict:
    """Platform totals: the merchants' KPIs over 30 days (services.analytics) summed, plus counts and email health."""
    now = clock(now)
    start = now - timedelta(days=STATS_DAYS)
    merchants = []
    for merchant in session.exec(select(Merchant).where(Merchant.deleted_at.is_(None)).order_by(Merchant.name)):
        merchants.append(
            {
                "merchant_id": merchant.id,
                "name": merchant.name,
                **analytics.kpis(session, merchant.id, start, now, now=now),
            }
        )
    totals = {key: sum(m[key] for m in merchants) for key in KPI_TOTALS}

    def count(model, *where) -> int:
        return session.exec(select(sa.func.count()).select_from(model).where(*where)).one()

    emails = dict(
        session.exec(
            select(EmailLog.status, sa.func.count())
            .where(EmailLog.created_at >= now - timedelta(hours=24))
            .group_by(EmailLog.status)
        ).all()
    )
    totals.update(
        merchants=len(merchants),
        stores=count(Store, Store.deleted_at.is_(None)),
        customers=count(Customer, Customer.anonymized_at.is_(None)),
        cards=count(LoyaltyCard, LoyaltyCard.deleted_at.is_(None)),
        enrollments_7d=count(LoyaltyCard, LoyaltyCard.created_at >= now - timedelta(days=7)),
        transactions_30d=count(LoyaltyTransaction, LoyaltyTransaction.created_at >= start),
        trashed=count(LoyaltyCard, LoyaltyCard.deleted_at.is_not(None))
        + count(LoyaltyProgram, LoyaltyProgram.deleted_at.is_not(None)),
        emails_sent_24h=emails.get("sent", 0),
        emails_failed_24h=emails.get("failed", 0),
        emails_queued_24h=emails.get("queued", 0),
    )
    return {"totals": totals, "merchants": merchants}


def merchants_overview(session: Session) -> list[dict]:
    """Every merchant (deleted ones too) with its stores and its program."""
    stores: dict[int, list[dict]] = {}
    for store in session.exec(select(Store).where(Store.deleted_at.is_(None)).order_by(Store.name)):
        stores.setdefault(store.merchant_id, []).append(
            {"code": store.code, "name": store.name, "is_active": store.is_active}
        )
    programs = {p.merchant_id: p for p in session.exec(select(LoyaltyProgram))}
    out = []
    for item in platform.list_merchants(session)["items"]:
        program = programs.get(item["id"])
        out.append(
            {
                **item,
                "stores": stores.get(item["id"], []),
                "program": None
                if program is None
                else {
                    "id": program.id,
                    "loyalty_type": program.loyalty_type,
                    "card_name": program.card_name,
                    "card_color": program.card_color,
                    "deleted_at": program.deleted_at,
                },
            }
        )
    return out


def search_customers(session: Session, query: str = "", limit: int = 50) -> list[dict]:
    """Customers of every merchant by email, name, phone or card number (part of); newest first.

    Anonymized customers have no personal fields left, so no search can find them again.
    """
    q = (query or "").strip().lower()
    stmt = (
        select(Customer, Merchant.name)
        .join(Merchant, Merchant.id == Customer.merchant_id)
        .where(Customer.anonymized_at.is_(None))
    )
    if q:
        name = sa.func.lower(sa.func.coalesce(Customer.first_name, "") + " " + sa.func.coalesce(Customer.last_name, ""))
        matches = [sa.func.lower(Customer.email).contains(q, autoescape=True), name.contains(q, autoescape=True)]
        digits = re.sub(r"\D", "", q)
        if len(digits) >= 3:
            phone = sa.func.replace(sa.func.replace(sa.func.coalesce(Customer.phone, ""), " ", ""), "+", "")
            matches.append(phone.contains(digits, autoescape=True))
            number = normalize_card_number(q)
            if number.isdigit():
                matches.append(
                    Customer.id.in_(
                        select(LoyaltyCard.customer_id).where(LoyaltyCard.card_number.contains(number, autoescape=True))
                    )
                )
        stmt = stmt.where(sa.or_(*matches))
    rows = session.exec(
        stmt.order_by(Customer.created_at.desc(), Customer.id.desc()).limit(min(max(limit, 1), MAX_CUSTOMERS))
    ).all()
    cards = customer_cards(session, [c.id for c, _ in rows])
    return [
        {
            "id": c.id,
            "merchant_id": c.merchant_id,
            "merchant": name,
            "email": c.email,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "phone": c.phone,
            "birth_date": c.birth_date,
            "created_at": c.created_at,
            "cards": cards.get(c.id, []),
        }
        for c, name in rows
    ]


def customer_cards(session: Session, customer_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    if not customer_ids:
        return out
    for card in session.exec(
        select(LoyaltyCard).where(LoyaltyCard.customer_id.in_(customer_ids)).order_by(LoyaltyCard.id)
    ):
        out.setdefault(card.customer_id, []).append(card_summary(card))
    return out


def card_summary(card: LoyaltyCard) -> dict:
    return {
        "id": card.id,
        "card_number": card.card_number,
        "is_active": card.is_active,
        "customer_id": card.customer_id,
        "deleted_at": card.deleted_at,
        "stamp_count": card.stamp_count,
        "points_balance": card.points_balance,
    }


def cards_after_erasure(session: Session, card_ids: list[int]) -> list[dict]:
    """The cards of an anonymized customer as they are now, with the ledger rows each one kept."""
    if not card_ids:
        return []
    kept = dict(
        session.exec(
            select(LoyaltyTransaction.card_id, sa.func.count())
            .where(LoyaltyTransaction.card_id.in_(card_ids))
            .group_by(LoyaltyTransaction.card_id)
        ).all()
    )
    return [
        {**card_summary(card), "ledger_rows": kept.get(card.id, 0)}
        for card in session.exec(select(LoyaltyCard).where(LoyaltyCard.id.in_(card_ids)).order_by(LoyaltyCard.id))
    ]


def card_ids_for_numbers(session: Session, merchant_id: int, text: str) -> tuple[list[int], list[str]]:
    """Card numbers typed or pasted (any separators) -> (the merchant's live card ids, the numbers not found)."""
    numbers = list(dict.fromkeys(_split_numbers(text)))
    found = (
        dict(
            session.exec(
                select(LoyaltyCard.card_number, LoyaltyCard.id).where(
                    LoyaltyCard.merchant_id == merchant_id,
                    LoyaltyCard.deleted_at.is_(None),
                    LoyaltyCard.card_number.in_(numbers),
                )
            ).all()
        )
        if numbers
        else {}
    )
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def _split_numbers(text: str) -> list[str]:
    """Lines, commas or semicolons separate numbers; spaces may sit inside one ('1234 5678 9012') or between."""
    out = []
    for piece in re.split(r"[\n,;]+", text or ""):
        digits = normalize_card_number(piece)
        if digits.isdigit() and len(digits) % CARD_NUMBER_DIGITS == 0:
            out += [digits[i : i + CARD_NUMBER_DIGITS] for i in range(0, len(digits), CARD_NUMBER_DIGITS)]
        elif digits:
            out.append(digits)
    return out


def active_card_ids(session: Session, merchant_id: int) -> list[int]:
    """Every live, active card of the merchant: the target of 'all cards' on the act-on-behalf page."""
    return list(
        session.exec(
            select(LoyaltyCard.id)
            .where(
                LoyaltyCard.merchant_id == merchant_id,
                LoyaltyCard.deleted_at.is_(None),
                LoyaltyCard.is_active.is_(True),
            )
            .order_by(LoyaltyCard.id)
        )
    )


def recent_enrollments(session: Session, limit: int = 20) -> list[dict]:
    """The newest cards on the platform with their wallet sync state (wallet debug)."""
    rows = session.exec(
        select(LoyaltyCard, Merchant.name)
        .join(Merchant, Merchant.id == LoyaltyCard.merchant_id)
        .where(LoyaltyCard.deleted_at.is_(None))
        .order_by(LoyaltyCard.created_at.desc(), LoyaltyCard.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "card_id": card.id,
            "card_number": card.card_number,
            "merchant": name,
            "created_at": card.created_at,
            "google_object_id": card.google_object_id,
            "version": card.wallet_version,
            "synced_version": card.wallet_synced_version,
            "last_error": card.wallet_last_error,
        }
        for card, name in rows
    ]


def merchant_stores(session: Session, merchant_id: int) -> list[dict]:
    return [
        {"id": s.id, "code": s.code, "name": s.name}
        for s in session.exec(
            select(Store).where(Store.merchant_id == merchant_id, Store.deleted_at.is_(None)).order_by(Store.name)
        )
    ]


def rows_on_behalf(session: Session, merchant_id: int, admin_id: int, limit: int = 20) -> list[dict]:
    """The latest ledger rows an admin wrote for a merchant, with the card number: proof of who acted."""
    rows = session.exec(
        select(LoyaltyTransaction, LoyaltyCard.card_number)
        .join(LoyaltyCard, LoyaltyCard.id == LoyaltyTransaction.card_id)
        .where(LoyaltyTransaction.merchant_id == merchant_id, LoyaltyTransaction.acting_admin_id == admin_id)
        .order_by(LoyaltyTransaction.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": tx.id,
            "created_at": tx.created_at,
            "card_number": number,
            "type": tx.type,
            "stamps_delta": tx.stamps_delta,
            "points_delta": tx.points_delta,
            "reason": tx.reason,
            "acting_admin_id": tx.acting_admin_id,
        }
        for tx, number in rows
    ]


def card_id_by_number(session: Session, reference: str) -> int:
    """Any merchant's card (trashed ones too) by its number: the wallet inspector's lookup."""
    number = normalize_card_number(reference)
    card_id = (
        session.exec(select(LoyaltyCard.id).where(LoyaltyCard.card_number == number)).first()
        if number.isdigit()
        else None
    )
    if card_id is None:
        raise errors.CardNotFound()
    return card_id
