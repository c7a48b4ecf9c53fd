from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import LoyaltyTransaction
from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import points, stamps, voids
from loyalty_app.services.merchant import program as programs

from .support import NOW, assert_ledger_balanced, collect_stamps, join, reload, rows

pytestmark = pytest.mark.quick_setup

LATER = NOW + timedelta(days=7)


def void(session, tx_id, actor, store_code="lumiere-centre", pin=PINS["lumiere-centre"], **kw):
    kw.setdefault("now", LATER)
    return voids.void_transaction(session, store_code, tx_id, actor, staff_pin=pin, **kw)


@pytest.fixture
def stamp_card(session, demo):
    return join(session, "lumiere-centre").card


@pytest.fixture
def points_card(session, demo):
    return join(session, "atelier-ville").card


def test_voiding_a_stamp_writes_a_reversing_row(session, demo, actors, stamp_card):
    [earned, _] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 2)
    tx, card = void(session, earned.transaction.id, actors["lumiere_staff"], reason=" Wrong card ")
    assert (tx.type, tx.stamps_delta, tx.voided_transaction_id, tx.reason) == (
        "stamp_voided",
        -1,
        earned.transaction.id,
        "Wrong card",
    )
    assert (tx.staff_name, tx.user_id) == ("Marie", actors["lumiere_staff"].user_id)
    assert card.stamp_count == 1 and card.lifetime_stamps == 1
    original = session.get(LoyaltyTransaction, earned.transaction.id)
    assert (original.type, original.stamps_delta) == ("stamp_earned", 1)  # the ledger is never edited
    assert voids.voided_by_ids(session, [earned.transaction.id, tx.id]) == {earned.transaction.id: tx.id}
    assert_ledger_balanced(session)


def test_a_transaction_is_voided_only_once(session, demo, actors, stamp_card):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    void(session, earned.transaction.id, actors["lumiere_owner"])
    with pytest.raises(errors.AlreadyVoided):
        void(session, earned.transaction.id, actors["lumiere_owner"], now=LATER + timedelta(minutes=1))
    assert reload(session, stamp_card).stamp_count == 0
    assert len(rows(session, stamp_card, "stamp_voided")) == 1
    assert_ledger_balanced(session)


def test_the_database_refuses_a_second_void_row(session, demo, actors, stamp_card):
    from sqlalchemy.exc import IntegrityError

    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    first, _ = void(session, earned.transaction.id, actors["lumiere_owner"])
    session.add(
        LoyaltyTransaction(
            merchant_id=first.merchant_id,
            program_id=first.program_id,
            card_id=first.card_id,
            type="stamp_voided",
            voided_transaction_id=earned.transaction.id,
            created_at=LATER,
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_voiding_a_redemption_gives_the_stamps_back(session, demo, actors, stamp_card):
    collect_stamps(session, stamp_card, actors["lumiere_owner"], 10)
    redeemed, _ = stamps.redeem_stamps(
        session,
        "lumiere-centre",
        stamp_card.card_number,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(days=3),
    )
    tx, card = void(session, redeemed.id, actors["lumiere_owner"])
    assert (tx.type, tx.stamps_delta, tx.reward_name) == ("stamp_voided", 10, "Free coffee")
    assert card.stamp_count == 10 and card.lifetime_stamps == 10
    assert_ledger_balanced(session)


def test_voiding_a_stamp_already_redeemed_is_refused(session, demo, actors, stamp_card):
    results = collect_stamps(session, stamp_card, actors["lumiere_owner"], 10)
    stamps.redeem_stamps(
        session,
        "lumiere-centre",
        stamp_card.card_number,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(days=3),
    )
    with pytest.raises(errors.InsufficientStamps):
        void(session, results[0].transaction.id, actors["lumiere_owner"])
    assert reload(session, stamp_card).stamp_count == 0
    assert rows(session, stamp_card, "stamp_voided") == []
    assert_ledger_balanced(session)


def test_voiding_an_earning_gives_the_points_back_and_lowers_the_lifetime_total(session, demo, actors, points_card):
    earned = points.earn_points(
        session,
        "atelier-ville",
        points_card.card_number,
        1000,
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    tx, card = void(
        session, earned.transaction.id, actors["atelier_owner"], store_code="atelier-ville", pin=PINS["atelier-ville"]
    )
    assert (tx.type, tx.points_delta) == ("points_voided", -100)
    assert card.points_balance == 50 and card.lifetime_points == 50
    assert_ledger_balanced(session)


def test_voiding_a_reward_gives_the_points_back(session, demo, actors, points_card):
    points.earn_points(
        session,
        "atelier-ville",
        points_card.card_number,
        5000,
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    redeemed, _ = points.redeem_reward(
        session,
        "atelier-ville",
        points_card.card_number,
        "voucher-5",
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    tx, card = void(
        session, redeemed.id, actors["atelier_owner"], store_code="atelier-ville", pin=PINS["atelier-ville"]
    )
    assert (tx.points_delta, tx.reward_id, tx.reward_name) == (500, "voucher-5", "5 EUR voucher")
    assert card.points_balance == 550 and card.lifetime_points == 550
    assert_ledger_balanced(session)


def test_voiding_points_already_spent_is_refused(session, demo, actors, points_card):
    earned = points.earn_points(
        session,
        "atelier-ville",
        points_card.card_number,
        5000,
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    points.redeem_reward(
        session,
        "atelier-ville",
        points_card.card_number,
        "voucher-5",
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    with pytest.raises(errors.InsufficientPoints):
        void(
            session,
            earned.transaction.id,
            actors["atelier_owner"],
            store_code="atelier-ville",
            pin=PINS["atelier-ville"],
        )
    assert reload(session, points_card).points_balance == 50
    assert_ledger_balanced(session)


def test_voiding_the_welcome_bonus_takes_it_back(session, demo, actors, points_card):
    [bonus] = rows(session, points_card, "welcome_bonus")
    _, card = void(session, bonus.id, actors["atelier_owner"], store_code="atelier-ville", pin=PINS["atelier-ville"])
    assert card.points_balance == 0 and card.lifetime_points == 0
    assert_ledger_balanced(session)


def test_voiding_an_adjustment_reverses_it(session, demo, actors, points_card):
    adjustment, _ = points.adjust_points(
        session, points_card.merchant_id, points_card.id, 300, "Goodwill", actors["atelier_owner"], now=NOW
    )
    tx, card = void(
        session, adjustment.id, actors["atelier_owner"], store_code="atelier-ville", pin=PINS["atelier-ville"]
    )
    assert (tx.type, tx.points_delta) == ("points_voided", -300)
    assert card.points_balance == 50 and card.lifetime_points == 50
    assert_ledger_balanced(session)


@pytest.mark.parametrize("kind", ["a void", "a deactivation", "a reactivation", "an expiry", "an import"])
def test_transactions_that_are_not_operations_cannot_be_voided(session, demo, actors, points_card, kind):
    owner = actors["atelier_owner"]
    if kind == "a void":
        [bonus] = rows(session, points_card, "welcome_bonus")
        target, _ = void(session, bonus.id, owner, store_code="atelier-ville", pin=PINS["atelier-ville"])
    elif kind in ("a deactivation", "a reactivation"):
        cards.deactivate_card(session, points_card.merchant_id, points_card.id, "Lost", owner, now=NOW)
        cards.reactivate_card(session, points_card.merchant_id, points_card.id, owner, now=NOW)
        [target] = rows(session, points_card, "card_deactivated" if kind == "a deactivation" else "card_reactivated")
    else:
        from loyalty_app.services.ledger import journal as ledger

        card = reload(session, points_card)
        target = ledger.append(
            session,
            card,
            type="points_expired" if kind == "an expiry" else "balance_imported",
            points_delta=-50 if kind == "an expiry" else 70,
            now=NOW,
            actor=SYSTEM,
        )
        session.commit()
    with pytest.raises(errors.NotVoidable) as caught:
        void(
            session,
            target.id,
            owner,
            store_code="atelier-ville",
            pin=PINS["atelier-ville"],
            now=LATER + timedelta(minutes=1),
        )
    assert caught.value.details == {"type": target.type}
    assert_ledger_balanced(session)


def test_voiding_an_unknown_transaction_is_refused(session, demo, actors, stamp_card):
    with pytest.raises(errors.TransactionNotFound):
        void(session, 999_999, actors["lumiere_owner"])


def test_voiding_another_merchants_transaction_is_refused(session, demo, actors, points_card):
    [bonus] = rows(session, points_card, "welcome_bonus")
    with pytest.raises(errors.TransactionNotFound):
        void(session, bonus.id, actors["lumiere_owner"])
    assert reload(session, points_card).points_balance == 50


def test_voiding_at_another_store_is_refused_when_cross_location_is_off(session, demo, actors, points_card):
    [bonus] = rows(session, points_card, "welcome_bonus")
    with pytest.raises(errors.CrossLocationNotAllowed):
        void(session, bonus.id, actors["atelier_owner"], store_code="atelier-kirchberg", pin=PINS["atelier-kirchberg"])
    assert reload(session, points_card).points_balance == 50


def test_voiding_at_another_store_works_when_cross_location_is_on(session, demo, actors, stamp_card):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    tx, card = void(
        session, earned.transaction.id, actors["lumiere_owner"], store_code="lumiere-gare", pin=PINS["lumiere-gare"]
    )
    assert tx.store_id == demo["stores"]["lumiere-gare"].id and card.stamp_count == 0


def test_voiding_on_an_inactive_card_is_refused(session, demo, actors, stamp_card):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    cards.deactivate_card(session, stamp_card.merchant_id, stamp_card.id, "Lost", actors["lumiere_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        void(session, earned.transaction.id, actors["lumiere_owner"])


def test_voiding_needs_the_staff_pin(session, demo, actors, stamp_card):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    with pytest.raises(errors.PinRequired):
        void(session, earned.transaction.id, actors["lumiere_owner"], pin=None)
    with pytest.raises(errors.InvalidPin):
        void(session, earned.transaction.id, actors["lumiere_owner"], pin="0000")
    assert reload(session, stamp_card).stamp_count == 1


def test_voiding_without_a_pin_is_allowed_when_none_is_required(session, demo, actors, stamp_card):
    programs.update_program(session, stamp_card.merchant_id, {"pin_required": False}, SYSTEM)
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    tx, _ = void(session, earned.transaction.id, actors["lumiere_owner"], pin=None)
    assert tx.staff_pin_id is None


def test_voiding_by_the_staff_of_another_store_is_refused(session, demo, actors, stamp_card):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    with pytest.raises(errors.PermissionDenied):
        void(
            session, earned.transaction.id, actors["lumiere_staff"], store_code="lumiere-gare", pin=PINS["lumiere-gare"]
        )


def test_void_announces_the_card_change(session, demo, actors, stamp_card, fired):
    [earned] = collect_stamps(session, stamp_card, actors["lumiere_owner"], 1)
    fired.clear()
    tx, _ = void(session, earned.transaction.id, actors["lumiere_owner"])
    assert fired == [CardChanged(stamp_card.id, tx.id, tx.store_id)]


def test_voided_by_ids_of_nothing_is_empty(session, demo):
    assert voids.voided_by_ids(session, []) == {}
    assert session.exec(select(LoyaltyTransaction)).all() == []
