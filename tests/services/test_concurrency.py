"""Many terminals on one card at once (PostgreSQL only): the row lock must keep every limit and balance."""

import threading
from collections import Counter

import pytest
from sqlmodel import Session, select

from loyalty_app.demo import PINS
from loyalty_app.demo.accounts import create_demo_accounts
from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Sale
from loyalty_app.services import errors
from loyalty_app.services.context import SYSTEM, Actor
from loyalty_app.services.ledger import points, stamps, voids
from loyalty_app.services.ledger.journal import find_mismatches
from loyalty_app.services.merchant import program as programs
from tests.conftest import _clean

from .support import NOW, form, join

THREADS = 8
OPERATIONS = 10


@pytest.fixture
def pg(pg_engine):
    _clean(pg_engine)
    with Session(pg_engine, expire_on_commit=False) as session:
        demo = create_demo_accounts(session)
        yield pg_engine, session, demo
    _clean(pg_engine)


def _run_together(engine, work, threads: int = THREADS) -> list:
    """Start every thread at the same moment, each with its own session; return what each one saw."""
    start = threading.Barrier(threads)
    outcomes: list = [None] * threads
    crashes: list[BaseException] = []

    def run(index: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            start.wait()
            try:
                outcomes[index] = work(session, index)
            except BaseException as exc:  # surfaced in the test thread below
                crashes.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in pool), "a thread is stuck: a lock was never released"
    if crashes:
        raise crashes[0]
    return outcomes


def test_parallel_stamps_and_earns_on_one_card_lose_no_update(pg):
    engine, session, demo = pg
    merchant_id = demo["merchants"]["lumiere"].id
    programs.update_program(
        session,
        merchant_id,
        {"loyalty_type": "hybrid", "cooldown_minutes": 0, "max_stamps_per_day": 5, "pin_required": False},
        SYSTEM,
    )
    card = join(session, "lumiere-centre").card
    owner = Actor(role="merchant_owner", merchant_id=merchant_id)

    def work(s: Session, index: int) -> Counter:
        seen: Counter = Counter()
        for op in range(OPERATIONS):
            try:
                if op % 2 == 0:
                    stamps.add_stamp(s, "lumiere-centre", card.card_number, owner, now=NOW)
                    seen["stamps"] += 1
                else:
                    amount = 100 * (index + 1) + op  # 1 point per euro: floor(amount / 100) points
                    result = points.earn_points(s, "lumiere-centre", card.card_number, amount, owner, now=NOW)
                    seen["points"] += result.points_earned
            except errors.DailyLimitReached:
                seen["daily_limit"] += 1
        return seen

    outcomes = _run_together(engine, work)
    total = sum(outcomes, Counter())
    session.expire_all()
    final = session.get(LoyaltyCard, card.id)
    assert total["stamps"] == 5 and total["daily_limit"] == THREADS * OPERATIONS // 2 - 5
    assert final.stamp_count == 5
    assert len(session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "stamp_earned")).all()) == 5
    assert final.points_balance == total["points"] > 0
    assert len(session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "points_earned")).all()) == (
        THREADS * OPERATIONS // 2
    )
    assert find_mismatches(session) == []


def test_parallel_retries_of_one_order_earn_once(pg):
    engine, session, demo = pg
    card = join(session, "atelier-ville").card
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["atelier"].id)

    def work(s: Session, index: int):
        result = points.earn_points(
            s,
            "atelier-ville",
            card.card_number,
            2500,
            owner,
            staff_pin=PINS["atelier-ville"],
            order_reference="POS-RACE",
            now=NOW,
        )
        return result.replayed, result.transaction.id, result.points_earned

    outcomes = _run_together(engine, work)
    assert sorted(replayed for replayed, _, _ in outcomes) == [False] + [True] * (THREADS - 1)
    assert len({tx_id for _, tx_id, _ in outcomes}) == 1
    assert {earned for _, _, earned in outcomes} == {250}
    session.expire_all()
    assert session.get(LoyaltyCard, card.id).points_balance == 50 + 250
    assert len(session.exec(select(Sale)).all()) == 1
    assert find_mismatches(session) == []


def test_parallel_voids_of_one_row_reverse_it_once(pg):
    engine, session, demo = pg
    card = join(session, "atelier-ville").card
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["atelier"].id)
    earned = points.earn_points(
        session, "atelier-ville", card.card_number, 2500, owner, staff_pin=PINS["atelier-ville"], now=NOW
    )

    def work(s: Session, index: int) -> str:
        try:
            voids.void_transaction(
                s, "atelier-ville", earned.transaction.id, owner, staff_pin=PINS["atelier-ville"], now=NOW
            )
            return "voided"
        except errors.AlreadyVoided:
            return "already"

    assert sorted(_run_together(engine, work)) == ["already"] * (THREADS - 1) + ["voided"]
    session.expire_all()
    assert session.get(LoyaltyCard, card.id).points_balance == 50
    assert find_mismatches(session) == []


def test_parallel_enrollments_of_one_email_make_one_customer_and_one_card(pg):
    engine, session, demo = pg
    from loyalty_app.services.cards.enrollment import enroll

    def work(s: Session, index: int):
        result = enroll(s, "atelier-ville", form(f"Ada@Example.com{' ' * index}"), now=NOW)
        return result.card.id

    card_ids = _run_together(engine, work, threads=4)
    assert len(set(card_ids)) == 1
    assert len(session.exec(select(Customer)).all()) == 1
    [card] = session.exec(select(LoyaltyCard)).all()
    assert card.points_balance == 50
    assert find_mismatches(session) == []
