import pytest
import sqlalchemy as sa
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.context import SYSTEM, StaffIdentity
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.ledger import points, voids

from .support import NOW, assert_ledger_balanced, collect_stamps, join, reload

pytestmark = pytest.mark.quick_setup


def test_append_moves_the_cached_balances_by_the_row_deltas(session, demo, actors):
    card = reload(session, join(session, "atelier-ville").card)
    version = card.wallet_version
    sophie = StaffIdentity(pin_id=demo["staff"]["atelier-ville"].id, name="Sophie")
    tx = ledger.append(
        session,
        card,
        type="points_earned",
        points_delta=70,
        now=NOW,
        actor=actors["atelier_owner"],
        store_id=demo["stores"]["atelier-ville"].id,
        staff=sophie,
    )
    session.commit()
    card = reload(session, card)
    assert (card.points_balance, card.lifetime_points, card.wallet_version) == (120, 120, version + 1)
    assert (card.last_activity_at, card.updated_at) == (NOW, NOW)
    stored = session.get(LoyaltyTransaction, tx.id)
    assert (stored.staff_name, stored.user_id, stored.ip_address, stored.user_agent) == (
        "Sophie",
        actors["atelier_owner"].user_id,
        "203.0.113.7",
        "pytest",
    )
    assert_ledger_balanced(session)


def test_spending_does_not_lower_the_lifetime_total(session, demo):
    card = reload(session, join(session, "atelier-ville").card)
    ledger.append(session, card, type="points_redeemed", points_delta=-20, now=NOW, actor=SYSTEM)
    session.commit()
    card = reload(session, card)
    assert (card.points_balance, card.lifetime_points) == (30, 50)
    assert_ledger_balanced(session)


def test_a_row_without_deltas_does_not_bump_the_wallet_version(session, demo):
    card = reload(session, join(session, "lumiere-centre").card)
    version = card.wallet_version
    ledger.append(session, card, type="card_deactivated", now=NOW, actor=SYSTEM, touches_activity=False)
    session.commit()
    assert reload(session, card).wallet_version == version


def test_long_user_agents_are_cut_to_the_column(session, demo):
    from dataclasses import replace

    card = reload(session, join(session, "lumiere-centre").card)
    tx = ledger.append(session, card, type="card_deactivated", now=NOW, actor=replace(SYSTEM, user_agent="x" * 400))
    session.commit()
    assert len(tx.user_agent) == 300


def test_find_mismatches_reports_a_card_whose_cache_was_edited(session, demo, actors):
    card = join(session, "atelier-ville").card
    assert_ledger_balanced(session)
    session.execute(sa.update(LoyaltyCard).where(LoyaltyCard.id == card.id).values(points_balance=999))
    session.commit()
    [mismatch] = ledger.find_mismatches(session)
    assert mismatch["card_id"] == card.id
    assert (mismatch["points_balance"], mismatch["ledger_points"]) == (999, 50)
    assert (mismatch["lifetime_points"], mismatch["ledger_lifetime_points"]) == (50, 50)


def test_find_mismatches_checks_every_cached_total(session, demo):
    columns = ("stamp_count", "lifetime_stamps", "lifetime_points")
    tampered = {column: join(session, "lumiere-centre", f"{column}@example.com").card.id for column in columns}
    for column, card_id in tampered.items():
        session.execute(sa.update(LoyaltyCard).where(LoyaltyCard.id == card_id).values({column: 3}))
    session.commit()
    assert sorted(m["card_id"] for m in ledger.find_mismatches(session)) == sorted(tampered.values())


def test_a_card_without_rows_balances_at_zero(session, demo):
    join(session, "lumiere-centre")
    assert_ledger_balanced(session)
    assert ledger.count_cards(session) == 1


def test_ledger_totals_follow_earnings_and_their_voids(session, demo, actors):
    card = join(session, "atelier-ville").card
    owner = actors["atelier_owner"]
    earned = points.earn_points(
        session, "atelier-ville", card.card_number, 1000, owner, staff_pin=PINS["atelier-ville"], now=NOW
    )
    points.earn_points(
        session, "atelier-ville", card.card_number, 5000, owner, staff_pin=PINS["atelier-ville"], now=NOW
    )
    points.redeem_reward(
        session, "atelier-ville", card.card_number, "voucher-5", owner, staff_pin=PINS["atelier-ville"], now=NOW
    )
    voids.void_transaction(
        session, "atelier-ville", earned.transaction.id, owner, staff_pin=PINS["atelier-ville"], now=NOW
    )
    points.adjust_points(session, card.merchant_id, card.id, 7, "Goodwill", owner, now=NOW)
    totals = ledger.ledger_totals_query()
    row = session.execute(sa.select(totals).where(totals.c.card_id == card.id)).one()
    assert (row.points, row.lifetime_points) == (50 + 100 + 500 - 500 - 100 + 7, 50 + 100 + 500 - 100)
    card = reload(session, card)
    assert (card.points_balance, card.lifetime_points) == (row.points, row.lifetime_points)
    assert_ledger_balanced(session)


def test_every_kind_of_operation_keeps_the_ledger_balanced(session, demo, actors):
    stamps_card = join(session, "lumiere-centre").card
    collect_stamps(session, stamps_card, actors["lumiere_owner"], 11)
    from loyalty_app.services.cards import cards
    from loyalty_app.services.ledger import stamps

    stamps.redeem_stamps(
        session,
        "lumiere-gare",
        stamps_card.card_number,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-gare"],
        now=NOW.replace(day=20),
    )
    first_stamp = session.exec(
        select(LoyaltyTransaction)
        .where(LoyaltyTransaction.type == "stamp_earned")
        .order_by(LoyaltyTransaction.id.desc())
    ).first()
    voids.void_transaction(
        session,
        "lumiere-centre",
        first_stamp.id,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW.replace(day=20),
    )
    cards.deactivate_card(session, stamps_card.merchant_id, stamps_card.id, "Lost", actors["lumiere_owner"], now=NOW)
    cards.reactivate_card(session, stamps_card.merchant_id, stamps_card.id, actors["lumiere_owner"], now=NOW)
    card = reload(session, stamps_card)
    assert (card.stamp_count, card.lifetime_stamps) == (0, 10)
    assert_ledger_balanced(session)
