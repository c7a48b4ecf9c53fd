"""Birthday emails: merchant's timezone, from 08:00, once a year, 29 February on 28 February, consent only."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from loyalty_app.models import LoyaltyCard
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.email.birthdays import birthdays_due, is_birthday

# 28 February 2027, a year without a 29th; Luxembourg is UTC+1 in winter.
MORNING = datetime(2027, 2, 28, 7, 5, tzinfo=UTC)  # 08:05 local


@pytest.mark.parametrize(
    "born, today, expected",
    [
        (date(1990, 5, 17), date(2027, 5, 17), True),
        (date(1990, 5, 17), date(2027, 5, 18), False),
        (date(2000, 2, 29), date(2027, 2, 28), True),  # no 29th this year: celebrated on the 28th
        (date(2000, 2, 29), date(2028, 2, 28), False),  # leap year: it waits for the 29th
        (date(2000, 2, 29), date(2028, 2, 29), True),
        (date(2000, 2, 29), date(2027, 3, 1), False),
        (None, date(2027, 5, 17), False),
    ],
)
def test_is_birthday(born, today, expected):
    assert is_birthday(born, today) is expected


def _join(session, email, birthday, consent=True, store="atelier-ville", locale="de"):
    card = enroll(
        session,
        store,
        EnrollmentForm(
            email=email,
            first_name="Mia",
            accept_terms=True,
            locale=locale,
            birthday=birthday,
            marketing_consent=consent,
        ),
        now=MORNING - timedelta(days=30),
    ).card
    session.commit()
    return card.id


def test_a_29_february_birthday_is_due_on_28_february_from_8_in_the_merchants_timezone(session, demo):
    leapling = _join(session, "mia@example.com", "2000-02-29")
    _join(session, "tom@example.com", "1990-03-01")
    assert birthdays_due(session, MORNING - timedelta(minutes=10)) == []  # 07:55 in Luxembourg
    assert birthdays_due(session, MORNING) == [(leapling, 2027)]


def test_no_birthday_email_without_marketing_consent(session, demo):
    _join(session, "mia@example.com", "2000-02-28", consent=False)
    assert birthdays_due(session, MORNING) == []


def test_a_customer_with_two_cards_of_one_merchant_is_greeted_once(session, demo):
    first = _join(session, "mia@example.com", "1985-02-28", store="atelier-ville")
    _join(session, "mia@example.com", "1985-02-28", store="atelier-kirchberg")  # one card per boutique
    assert len(session.exec(select(LoyaltyCard)).all()) == 2
    assert birthdays_due(session, MORNING) == [(first, 2027)]
