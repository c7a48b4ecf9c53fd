"""Point expiry: set-based, chunked, exactly once per card even with two workers; warnings once per cycle."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.ledger import expiry, points
from loyalty_app.services.ledger.journal import find_mismatches
from tests.jobs.cards import bulk_points_cards

NOW = datetime(2026, 6, 15, 1, 0, tzinfo=UTC)  # 03:00 in Luxembourg, when the daily run starts
EXPIRED = NOW - timedelta(days=366)
FRESH = NOW - timedelta(days=200)


def _expired_rows(session: Session) -> list[LoyaltyTransaction]:
    return list(
        session.exec(
            select(LoyaltyTransaction)
            .where(LoyaltyTransaction.type == "points_expired")
            .order_by(LoyaltyTransaction.card_id)
        )
    )


def _card(session: Session, card_id: int) -> LoyaltyCard:
    session.expire_all()
    return session.get(LoyaltyCard, card_id)


def test_inactive_points_expire_once_with_a_ledger_row_and_lifetime_totals_kept(session, demo):
    [old] = bulk_points_cards(session, "atelier-ville", 1, 700, EXPIRED)
    [fresh] = bulk_points_cards(session, "atelier-ville", 1, 300, FRESH)

    run = expiry.expire_points(session, NOW)

    assert (run.cards, run.points) == (1, 700)
    [row] = _expired_rows(session)
    assert (row.card_id, row.points_delta, row.stamps_delta, row.store_id) == (old, -700, 0, None)
    assert row.reason == "Points expired after 365 days without activity" and row.created_at == NOW
    card = _card(session, old)
    assert (card.points_balance, card.lifetime_points, card.last_activity_at) == (0, 700, EXPIRED)
    assert card.wallet_version == 1
    assert _card(session, fresh).points_balance == 300
    assert find_mismatches(session) == []


def test_running_expiry_again_changes_nothing(session, demo):
    bulk_points_cards(session, "atelier-ville", 3, 100, EXPIRED)
    assert expiry.expire_points(session, NOW).cards == 3
    assert expiry.expire_points(session, NOW + timedelta(hours=1)).cards == 0
    assert len(_expired_rows(session)) == 3
    assert find_mismatches(session) == []


def test_expiry_works_in_chunks(session, demo):
    ids = bulk_points_cards(session, "atelier-ville", 25, 10, EXPIRED)
    run = expiry.expire_points(session, NOW, chunk_size=10)
    assert (run.cards, run.points, run.chunks) == (25, 250, 3)
    assert [row.card_id for row in _expired_rows(session)] == ids


def test_deactivated_cards_and_programs_without_expiry_keep_their_points(session, demo):
    from loyalty_app.services.cards import cards
    from loyalty_app.services.context import SYSTEM

    [lost] = bulk_points_cards(session, "atelier-ville", 1, 100, EXPIRED)
    [stamp_card] = bulk_points_cards(session, "lumiere-centre", 1, 100, EXPIRED)  # Café Lumière: no expiry
    cards.deactivate_card(
        session, demo["merchants"]["atelier"].id, lost, "Card reported lost", SYSTEM, now=EXPIRED + timedelta(days=1)
    )
    assert expiry.expire_points(session, NOW).cards == 0
    assert _card(session, lost).points_balance == 100 and _card(session, stamp_card).points_balance == 100


def test_activity_restarts_the_expiry_clock(session, demo):
    [card_id] = bulk_points_cards(session, "atelier-ville", 1, 100, EXPIRED)
    card = _card(session, card_id)
    points.adjust_points(
        session, card.merchant_id, card_id, 5, "Goodwill", actor=_owner(demo), now=NOW - timedelta(days=1)
    )
    assert expiry.expire_points(session, NOW).cards == 0
    assert expiry.expire_points(session, NOW + timedelta(days=365)).cards == 1
    assert _expired_rows(session)[0].points_delta == -105


def _owner(demo):
    from loyalty_app.services.context import Actor

    return Actor(role="merchant_owner", merchant_id=demo["merchants"]["atelier"].id)


def test_two_workers_at_once_expire_each_card_exactly_once_on_postgresql(engine, session, demo):
    if engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED concurrency is a PostgreSQL property; SQLite serializes writers")
    ids = bulk_points_cards(session, "atelier-ville", 600, 40, EXPIRED)
    barrier, runs, failures = threading.Barrier(2), [], []

    def worker():
        try:
            with Session(engine, expire_on_commit=False) as own:
                barrier.wait()
                runs.append(expiry.expire_points(own, NOW, chunk_size=25))
        except Exception as exc:  # surfaced below: a thread cannot fail the test by itself
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    assert sum(r.cards for r in runs) == 600 and all(r.cards > 0 for r in runs)  # both did part of the work
    rows = _expired_rows(session)
    assert sorted(row.card_id for row in rows) == ids  # each card exactly once
    assert {row.points_delta for row in rows} == {-40}
    assert find_mismatches(session) == []


def test_warning_is_due_from_the_14_day_mark_and_once_per_cycle(session, demo):
    [card_id] = bulk_points_cards(session, "atelier-ville", 1, 100, NOW - timedelta(days=351), email_prefix="w")
    assert expiry.warnings_due(session, NOW - timedelta(days=1)) == []
    assert [c for c, _ in expiry.warnings_due(session, NOW)] == [card_id]
    card = _card(session, card_id)
    card.expiry_warning_sent_at = NOW
    session.add(card)
    session.commit()
    assert expiry.warnings_due(session, NOW + timedelta(days=1)) == []
