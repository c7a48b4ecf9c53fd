"""Birthday emails: on the day in the merchant's timezone, from 08:00, once a year, with consent.

A 29 February birthday is celebrated on 28 February in years without one. The sweep may run
hourly: it only picks merchants whose local time is past 08:00, and the card's
`last_birthday_email_year` makes a second run the same year a no-op.
"""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services.context import clock

SEND_HOUR = 8


def is_birthday(birth_date: date | None, today: date) -> bool:
    if birth_date is None:
        return False
    if (birth_date.month, birth_date.day) == (today.month, today.day):
        return True
    return (
        (birth_date.month, birth_date.day) == (2, 29)
        and (today.month, today.day) == (2, 28)
        and not calendar.isleap(today.year)
    )


def _days_celebrated(today: date) -> list[tuple[int, int]]:
    days = [(today.month, today.day)]
    if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
        days.append((2, 29))
    return days


def birthdays_due(session: Session, now: datetime | None = None) -> list[tuple[int, int]]:
    """(card id, local year): one card per consenting customer whose birthday it is, past 08:00 locally."""
    now = clock(now)
    due: list[tuple[int, int]] = []
    merchants = session.exec(select(Merchant.id, Merchant.timezone).where(Merchant.deleted_at.is_(None))).all()
    for merchant_id, tz in merchants:
        local = now.astimezone(ZoneInfo(tz))
        if local.hour < SEND_HOUR:
            continue
        month, day = sa.extract("month", Customer.birth_date), sa.extract("day", Customer.birth_date)
        other = sa.orm.aliased(LoyaltyCard)
        greeted = (
            select(other.id)
            .where(
                other.customer_id == Customer.id,
                other.merchant_id == merchant_id,
                other.last_birthday_email_year == local.year,
            )
            .exists()
        )
        rows = session.execute(
            select(sa.func.min(LoyaltyCard.id))
            .join(Customer, Customer.id == LoyaltyCard.customer_id)
            .join(LoyaltyProgram, LoyaltyProgram.id == LoyaltyCard.program_id)
            .where(
                LoyaltyCard.merchant_id == merchant_id,
                LoyaltyCard.is_active.is_(True),
                LoyaltyCard.deleted_at.is_(None),
                LoyaltyProgram.deleted_at.is_(None),
                Customer.marketing_consent.is_(True),
                Customer.email.is_not(None),
                Customer.anonymized_at.is_(None),
                Customer.birth_date.is_not(None),
                sa.or_(*(sa.and_(month == m, day == d) for m, d in _days_celebrated(local.date()))),
                ~greeted,
            )
            .group_by(Customer.id)
            .order_by(sa.func.min(LoyaltyCard.id))
        ).all()
        due.extend((card_id, local.year) for (card_id,) in rows)
    return due
