from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import AuditLog, LoyaltyProgram, Sale
from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import points
from loyalty_app.services.merchant import program as programs

from .support import NOW, assert_ledger_balanced, join, reload, rows

pytestmark = pytest.mark.quick_setup


@pytest.fixture
def card(session, demo):
    return join(session, "atelier-ville").card


def earn(session, card, actor, amount, store_code="atelier-ville", pin=PINS["atelier-ville"], **kw):
    kw.setdefault("now", NOW)
    return points.earn_points(session, store_code, card.card_number, amount, actor, staff_pin=pin, **kw)


def redeem(session, card, actor, reward_id, store_code="atelier-ville", pin=PINS["atelier-ville"]):
    return points.redeem_reward(session, store_code, card.card_number, reward_id, actor, staff_pin=pin, now=NOW)


@pytest.mark.parametrize(
    "rate, cents, expected",
    [
        (10.0, 1234, 123),
        (10.0, 500, 50),
        (1.0, 199, 1),
        (1.0, 99, 0),
        (1.5, 999, 14),
        (1.15, 12000, 138),  # binary floats would say 137.99999
        (0.7, 82000, 574),
        (0.0, 5000, 0),
    ],
)
def test_points_are_the_floor_of_euros_times_rate_in_exact_decimals(rate, cents, expected):
    assert points.points_for(LoyaltyProgram(points_per_euro=rate), cents) == expected


def test_earn_adds_floored_points_and_records_the_purchase(session, demo, actors, card):
    result = earn(session, card, actors["atelier_staff"], 1234, notes="Jacket")
    assert (result.points_earned, result.replayed) == (123, False)
    assert result.card.points_balance == 50 + 123 and result.card.lifetime_points == 173
    tx = result.transaction
    assert (tx.type, tx.points_delta, tx.purchase_amount_cents, tx.reason) == ("points_earned", 123, 1234, "Jacket")
    assert (tx.staff_name, tx.user_id) == ("Sophie", actors["atelier_staff"].user_id)
    assert_ledger_balanced(session)


def test_earn_uses_the_programs_current_rate(session, demo, actors, card):
    programs.update_program(session, card.merchant_id, {"points_per_euro": 1.15}, SYSTEM)
    assert earn(session, card, actors["atelier_owner"], 12000).points_earned == 138
    assert_ledger_balanced(session)


def test_earn_records_a_terminal_sale_for_revenue_attribution(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 2500, order_reference="POS-1")
    [sale] = session.exec(select(Sale)).all()
    assert (sale.card_id, sale.amount_cents, sale.order_reference, sale.source) == (card.id, 2500, "POS-1", "terminal")


def test_earn_below_the_minimum_purchase_is_refused(session, demo, actors, card):
    with pytest.raises(errors.BelowMinimumPurchase) as caught:
        earn(session, card, actors["atelier_owner"], 499)
    assert caught.value.details == {"min_purchase_cents": 500}
    assert reload(session, card).points_balance == 50
    assert session.exec(select(Sale)).all() == []
    assert_ledger_balanced(session)


def test_earn_with_an_impossible_amount_is_refused(session, demo, actors, card):
    for amount in (0, -100, 100_000_001, 12.5, "1000", None):
        with pytest.raises(errors.ValidationFailed) as caught:
            earn(session, card, actors["atelier_owner"], amount)
        assert caught.value.fields == {"purchase_amount_cents": ["out_of_range"]}, amount
    assert reload(session, card).points_balance == 50


def test_earn_with_an_overlong_order_reference_is_refused(session, demo, actors, card):
    with pytest.raises(errors.ValidationFailed) as caught:
        earn(session, card, actors["atelier_owner"], 1000, order_reference="x" * 101)
    assert caught.value.fields == {"order_reference": ["too_long"]}


def test_earn_replayed_with_the_same_order_reference_returns_the_original_and_adds_nothing(session, demo, actors, card):
    first = earn(session, card, actors["atelier_owner"], 1000, order_reference="POS-42")
    again = earn(
        session, card, actors["atelier_owner"], 1000, order_reference=" POS-42 ", now=NOW + timedelta(minutes=5)
    )
    assert again.replayed is True
    assert again.transaction.id == first.transaction.id
    assert again.points_earned == 100
    assert again.card.points_balance == 150
    assert len(rows(session, card, "points_earned")) == 1
    assert len(session.exec(select(Sale)).all()) == 1
    assert_ledger_balanced(session)


def test_replay_needs_no_pin_because_it_changes_nothing(session, demo, actors, card):
    first = earn(session, card, actors["atelier_owner"], 1000, order_reference="POS-42")
    again = earn(session, card, actors["atelier_owner"], 1000, pin=None, order_reference="POS-42")
    assert again.replayed and again.transaction.id == first.transaction.id


def test_order_reference_reused_with_a_different_amount_is_a_conflict(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 1000, order_reference="POS-42")
    with pytest.raises(errors.OrderReferenceConflict) as caught:
        earn(session, card, actors["atelier_owner"], 2000, order_reference="POS-42")
    assert caught.value.details == {"order_reference": "POS-42"}
    assert reload(session, card).points_balance == 150
    assert_ledger_balanced(session)


def test_order_reference_reused_for_another_card_is_a_conflict(session, demo, actors, card):
    other = join(session, "atelier-ville", "bob@example.com").card
    earn(session, card, actors["atelier_owner"], 1000, order_reference="POS-42")
    with pytest.raises(errors.OrderReferenceConflict):
        earn(session, other, actors["atelier_owner"], 1000, order_reference="POS-42")
    assert reload(session, other).points_balance == 50


def test_the_same_order_reference_at_two_stores_is_two_orders(session, demo, actors, card):
    other = join(session, "atelier-kirchberg").card
    earn(session, card, actors["atelier_owner"], 1000, order_reference="POS-1")
    second = earn(
        session,
        other,
        actors["atelier_owner"],
        1000,
        store_code="atelier-kirchberg",
        pin=PINS["atelier-kirchberg"],
        order_reference="POS-1",
    )
    assert second.replayed is False and second.card.points_balance == 150
    assert_ledger_balanced(session)


def test_earns_without_an_order_reference_always_count(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 1000)
    assert earn(session, card, actors["atelier_owner"], 1000).card.points_balance == 250


def test_earn_on_a_stamps_program_is_refused(session, demo, actors):
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.WrongProgramType):
        earn(session, card, actors["lumiere_owner"], 1000, store_code="lumiere-centre", pin=PINS["lumiere-centre"])


def test_hybrid_card_collects_stamps_and_points_on_one_balance_sheet(session, demo, actors):
    from loyalty_app.services.ledger import stamps

    programs.update_program(session, demo["merchants"]["lumiere"].id, {"loyalty_type": "hybrid"}, SYSTEM)
    card = join(session, "lumiere-centre").card
    owner = actors["lumiere_owner"]
    stamps.add_stamp(session, "lumiere-centre", card.card_number, owner, staff_pin=PINS["lumiere-centre"], now=NOW)
    result = earn(session, card, owner, 1250, store_code="lumiere-centre", pin=PINS["lumiere-centre"])
    assert (result.card.stamp_count, result.card.points_balance, result.points_earned) == (1, 12, 12)
    assert_ledger_balanced(session)


def test_redeeming_a_reward_on_a_stamps_program_is_refused(session, demo, actors):
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.RewardNotFound):
        redeem(
            session, card, actors["lumiere_owner"], "voucher-5", store_code="lumiere-centre", pin=PINS["lumiere-centre"]
        )


def test_earn_on_an_inactive_card_is_refused(session, demo, actors, card):
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["atelier_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        earn(session, card, actors["atelier_owner"], 1000)


def test_earn_needs_the_staff_pin(session, demo, actors, card):
    with pytest.raises(errors.PinRequired):
        earn(session, card, actors["atelier_owner"], 1000, pin=None)


def test_earn_by_another_merchant_is_refused(session, demo, actors, card):
    with pytest.raises(errors.PermissionDenied):
        earn(session, card, actors["lumiere_owner"], 1000)
    with pytest.raises(errors.PermissionDenied):
        earn(session, card, actors["lumiere_owner"], 1000, order_reference="POS-1")


def test_earn_announces_the_card_change(session, demo, actors, card, fired):
    tx = earn(session, card, actors["atelier_owner"], 1000).transaction
    assert CardChanged(card.id, tx.id, tx.store_id) in fired


def test_redeem_reward_spends_its_cost_and_keeps_the_rest(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 6840)  # 50 + 684 points
    tx, after = redeem(session, card, actors["atelier_staff"], "voucher-5")
    assert after.points_balance == 234 and after.lifetime_points == 734
    assert (tx.type, tx.points_delta, tx.reward_id, tx.reward_name) == (
        "points_redeemed",
        -500,
        "voucher-5",
        "5 EUR voucher",
    )
    assert_ledger_balanced(session)


def test_redeem_reward_with_exactly_enough_points_leaves_zero(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 11500)  # 50 + 1150 = 1200
    assert redeem(session, card, actors["atelier_owner"], "voucher-15")[1].points_balance == 0
    assert_ledger_balanced(session)


def test_redeem_reward_without_enough_points_is_refused(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 4400)  # 50 + 440 = 490
    with pytest.raises(errors.InsufficientPoints) as caught:
        redeem(session, card, actors["atelier_owner"], "voucher-5")
    assert caught.value.details == {"points_balance": 490, "points_cost": 500}
    assert reload(session, card).points_balance == 490
    assert rows(session, card, "points_redeemed") == []
    assert_ledger_balanced(session)


def test_redeem_reward_not_in_the_catalog_is_refused(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 100000)
    with pytest.raises(errors.RewardNotFound) as caught:
        redeem(session, card, actors["atelier_owner"], "voucher-50")
    assert caught.value.details == {"reward_id": "voucher-50"}


def test_redeem_reward_on_an_inactive_card_is_refused(session, demo, actors, card):
    earn(session, card, actors["atelier_owner"], 10000)
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["atelier_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        redeem(session, card, actors["atelier_owner"], "voucher-5")


def test_adjustment_by_the_owner_moves_the_balance_and_is_audited(session, demo, actors, card):
    tx, after = points.adjust_points(
        session, card.merchant_id, card.id, 250, "  Goodwill  ", actors["atelier_owner"], now=NOW
    )
    assert after.points_balance == 300
    assert after.lifetime_points == 50  # a correction is not an earning
    assert (tx.type, tx.points_delta, tx.reason, tx.store_id) == ("admin_adjustment", 250, "Goodwill", None)
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "card.adjust_points")).all()
    assert audit.old_values == {"points_balance": 50}
    assert audit.new_values == {"points_balance": 300, "reason": "Goodwill"}
    assert audit.actor_user_id == actors["atelier_owner"].user_id
    assert_ledger_balanced(session)


def test_adjustment_by_an_admin_on_behalf_records_the_admin(session, demo, actors, card):
    from dataclasses import replace

    on_behalf = replace(actors["atelier_owner"], acting_admin_id=actors["admin"].user_id)
    tx, _ = points.adjust_points(session, card.merchant_id, card.id, -50, "Restore mistake", on_behalf, now=NOW)
    assert tx.acting_admin_id == actors["admin"].user_id
    assert (
        points.adjust_points(session, card.merchant_id, card.id, 10, "Admin bonus", actors["admin"], now=NOW)[
            1
        ].points_balance
        == 10
    )
    assert_ledger_balanced(session)


@pytest.mark.parametrize("delta", [100_000, -100_000])
def test_adjustment_accepts_the_bounds(session, demo, actors, card, delta):
    if delta < 0:
        points.adjust_points(session, card.merchant_id, card.id, 100_000, "Import", actors["atelier_owner"], now=NOW)
    _, after = points.adjust_points(
        session, card.merchant_id, card.id, delta, "Bound", actors["atelier_owner"], now=NOW
    )
    assert after.points_balance == (100_050 if delta > 0 else 50)
    assert_ledger_balanced(session)


def test_adjustment_outside_the_bounds_is_refused(session, demo, actors, card):
    for delta in (0, 100_001, -100_001, 2.5, "10", None):
        with pytest.raises(errors.ValidationFailed) as caught:
            points.adjust_points(session, card.merchant_id, card.id, delta, "Why", actors["atelier_owner"], now=NOW)
        assert caught.value.fields == {"points_delta": ["out_of_range"]}, delta
    assert rows(session, card, "admin_adjustment") == []


def test_adjustment_needs_a_reason(session, demo, actors, card):
    for reason, problem in (("", "required"), ("   ", "required"), (None, "required"), ("x" * 501, "too_long")):
        with pytest.raises(errors.ValidationFailed) as caught:
            points.adjust_points(session, card.merchant_id, card.id, 10, reason, actors["atelier_owner"], now=NOW)
        assert caught.value.fields == {"reason": [problem]}
    assert reload(session, card).points_balance == 50


def test_adjustment_reports_every_problem_at_once(session, demo, actors, card):
    with pytest.raises(errors.ValidationFailed) as caught:
        points.adjust_points(session, card.merchant_id, card.id, 0, " ", actors["atelier_owner"], now=NOW)
    assert caught.value.fields == {"points_delta": ["out_of_range"], "reason": ["required"]}


def test_adjustment_by_staff_or_another_merchant_is_refused(session, demo, actors, card):
    from loyalty_app.services.context import PUBLIC

    for who in (actors["atelier_staff"], actors["lumiere_owner"], actors["lumiere_staff"], PUBLIC):
        with pytest.raises(errors.PermissionDenied):
            points.adjust_points(session, card.merchant_id, card.id, 10, "Nice", who, now=NOW)
    assert rows(session, card, "admin_adjustment") == []


def test_adjustment_cannot_take_the_balance_below_zero(session, demo, actors, card):
    with pytest.raises(errors.InsufficientPoints) as caught:
        points.adjust_points(session, card.merchant_id, card.id, -51, "Too much", actors["atelier_owner"], now=NOW)
    assert caught.value.details == {"points_balance": 50}
    assert (
        points.adjust_points(session, card.merchant_id, card.id, -50, "All of it", actors["atelier_owner"], now=NOW)[
            1
        ].points_balance
        == 0
    )
    assert_ledger_balanced(session)


def test_adjustment_of_an_unknown_or_foreign_card_is_refused(session, demo, actors, card):
    lumiere_card = join(session, "lumiere-centre").card
    with pytest.raises(errors.CardNotFound):
        points.adjust_points(session, card.merchant_id, lumiere_card.id, 10, "Nope", actors["atelier_owner"], now=NOW)
    with pytest.raises(errors.CardNotFound):
        points.adjust_points(session, card.merchant_id, 999_999, 10, "Nope", actors["atelier_owner"], now=NOW)
