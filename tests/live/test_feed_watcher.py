"""The feed watcher learns which stores got ledger rows, from any process, and formats their latest rows."""

import pytest
from sqlmodel import Session

from loyalty_app.demo import PINS
from loyalty_app.demo.accounts import create_demo_accounts
from loyalty_app.live.feed import _NewRows
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.ledger import points, stamps
from loyalty_app.state.store_feed import build_lines
from tests.conftest import _clean


@pytest.fixture
def demo_db(sqlite_engine):
    _clean(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        demo = create_demo_accounts(session)
        yield session, demo


def _card(session, store_code: str, email: str):
    return enroll(session, store_code, EnrollmentForm(email=email, first_name="Ada", accept_terms=True)).card


def test_new_rows_name_their_stores_once(demo_db):
    session, demo = demo_db
    centre, ville = demo["stores"]["lumiere-centre"].id, demo["stores"]["atelier-ville"].id
    watcher = _NewRows()
    assert watcher.stores() == set()  # the first look only sets the starting point
    stamp_card, points_card = (
        _card(session, "lumiere-centre", "a@example.com"),
        _card(session, "atelier-ville", "b@example.com"),
    )
    stamps.add_stamp(session, "lumiere-centre", stamp_card.card_number, SYSTEM, staff_pin=PINS["lumiere-centre"])
    assert watcher.stores() == {centre, ville}  # the stamp, and the welcome bonus of the points card
    assert watcher.stores() == set()
    points.earn_points(session, "atelier-ville", points_card.card_number, 2500, SYSTEM, staff_pin=PINS["atelier-ville"])
    assert watcher.stores() == {ville}


def test_a_row_committed_late_below_the_last_id_is_still_seen(demo_db):
    session, demo = demo_db
    watcher = _NewRows()
    watcher.stores()
    card = _card(session, "lumiere-centre", "a@example.com")
    stamps.add_stamp(session, "lumiere-centre", card.card_number, SYSTEM, staff_pin=PINS["lumiere-centre"])
    assert watcher.stores() == {demo["stores"]["lumiere-centre"].id}
    late = max(watcher.seen)
    watcher.seen.discard(late)  # as if PostgreSQL had committed this id after a higher one
    assert watcher.stores() == {demo["stores"]["lumiere-centre"].id}


def test_feed_lines_are_formatted_once_for_every_terminal_of_the_store(demo_db):
    session, demo = demo_db
    card = _card(session, "atelier-ville", "b@example.com")
    points.earn_points(session, "atelier-ville", card.card_number, 1234, SYSTEM, staff_pin=PINS["atelier-ville"])
    newest, bonus = build_lines(demo["stores"]["atelier-ville"].id)
    last4 = card.card_number[-4:]
    assert (newest.kind, newest.delta, newest.unit) == ("points_earned", "+123", "points")
    assert newest.detail == f"\u2022\u2022\u2022\u2022 {last4} \u00b7 12,34\xa0€ \u00b7 Sophie"
    assert (bonus.kind, bonus.delta, bonus.detail) == ("welcome_bonus", "+50", f"\u2022\u2022\u2022\u2022 {last4}")
