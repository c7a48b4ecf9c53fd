"""Many cards at once, straight into the tables (with their ledger rows, so the invariant holds)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Store


def bulk_points_cards(
    session: Session,
    store_code: str,
    count: int,
    balance: int,
    last_activity: datetime,
    *,
    email_prefix: str | None = None,
    consent: bool = False,
    locale: str = "de",
) -> list[int]:
    """`count` cards of the store's program, each with `balance` points imported `last_activity`."""
    store = session.exec(select(Store).where(Store.code == store_code)).one()
    program = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == store.merchant_id)).one()
    start = session.exec(select(sa.func.coalesce(sa.func.max(LoyaltyCard.id), 0))).one()
    customer_ids: list[int | None] = [None] * count
    if email_prefix:
        session.execute(
            sa.insert(Customer),
            [
                dict(
                    merchant_id=store.merchant_id,
                    email=f"{email_prefix}{start + i}@example.com",
                    first_name="Test",
                    locale=locale,
                    marketing_consent=consent,
                    created_at=last_activity,
                )
                for i in range(count)
            ],
        )
        customer_ids = list(
            session.exec(select(Customer.id).where(Customer.email.like(f"{email_prefix}%")).order_by(Customer.id))
        )[-count:]
    session.execute(
        sa.insert(LoyaltyCard),
        [
            dict(
                merchant_id=store.merchant_id,
                program_id=program.id,
                customer_id=customer_ids[i],
                enrolled_store_id=store.id,
                card_number=f"{start + i + 1:012d}",
                qr_token=f"bulk-{start + i + 1}",
                points_balance=balance,
                lifetime_points=balance,
                last_activity_at=last_activity,
                created_at=last_activity,
                updated_at=last_activity,
            )
            for i in range(count)
        ],
    )
    ids = list(session.exec(select(LoyaltyCard.id).where(LoyaltyCard.id > start).order_by(LoyaltyCard.id)))
    session.execute(
        sa.insert(LoyaltyTransaction),
        [
            dict(
                merchant_id=store.merchant_id,
                program_id=program.id,
                card_id=card_id,
                store_id=store.id,
                type="balance_imported",
                points_delta=balance,
                stamps_delta=0,
                created_at=last_activity,
            )
            for card_id in ids
        ],
    )
    session.commit()
    return ids
