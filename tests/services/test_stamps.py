from datetime import UTC, datetime, timedelta

import pytest

from loyalty_app.demo import PINS
from loyalty_app.services import errors
from loyalty_app.services.context import SYSTEM, StaffIdentity
from loyalty_app.services.events import CardChanged, RewardReady
from loyalty_app.services.ledger import stamps, voids
from loyalty_app.services.merchant import program as programs

from .support import NOW, PIN, assert_ledger_balanced, collect_stamps, join, reload, rows

pytestmark = pytest.mark.quick_setup


def stamp(session, card, actor, at=NOW, store_code="lumiere-centre", **kw):
    kw.setdefault("staff_pin", PIN[store_code])
    return stamps.add_stamp(session, store_code, card.card_number, actor, now=at, **kw)


@pytest.fixture
def card(session, demo):
    return join(session, "lumiere-centre").card


def test_stamp_adds_one_and_records_who_where_and_why(session, demo, actors, card):
    result = stamp(session, card, actors["lumiere_staff"], notes="Cappuccino")
    assert result.card.stamp_count == 1 and result.card.lifetime_stamps == 1
    assert result.reward_ready is False
    tx = result.transaction
    assert (tx.type, tx.stamps_delta, tx.points_delta) == ("stamp_earned", 1, 0)
    assert tx.store_id == demo["stores"]["lumiere-centre"].id
    assert (tx.staff_pin_id, tx.staff_name) == (demo["staff"]["lumiere-centre"].id, "Marie")
    assert tx.user_id == actors["lumiere_staff"].user_id
    assert (tx.ip_address, tx.user_agent, tx.reason) == ("203.0.113.7", "pytest", "Cappuccino")
    assert tx.created_at == NOW
    assert reload(session, card).last_activity_at == NOW
    assert_ledger_balanced(session)


def test_stamp_refused_during_cooldown(session, demo, actors, card):
    stamp(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.CooldownActive) as caught:
        stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=10, seconds=30))
    assert caught.value.details == {"retry_after_seconds": 270}
    assert reload(session, card).stamp_count == 1
    assert_ledger_balanced(session)


def test_stamp_cooldown_rounds_the_wait_up_to_the_next_second(session, demo, actors, card):
    stamp(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.CooldownActive) as caught:
        stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=14, seconds=59, microseconds=500))
    assert caught.value.details["retry_after_seconds"] == 1


def test_stamp_allowed_once_the_cooldown_has_passed(session, demo, actors, card):
    stamp(session, card, actors["lumiere_owner"])
    assert stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=15)).card.stamp_count == 2


def test_stamp_cooldown_applies_across_stores(session, demo, actors, card):
    stamp(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.CooldownActive):
        stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=5), store_code="lumiere-gare")


def test_a_voided_stamp_does_not_start_a_cooldown(session, demo, actors, card):
    tx = stamp(session, card, actors["lumiere_owner"]).transaction
    voids.void_transaction(
        session,
        "lumiere-centre",
        tx.id,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(minutes=1),
    )
    assert stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=2)).card.stamp_count == 1
    assert_ledger_balanced(session)


def test_cooldown_of_zero_lets_stamps_follow_each_other(session, demo, actors, card):
    programs.update_program(session, card.merchant_id, {"cooldown_minutes": 0}, SYSTEM)
    stamp(session, card, actors["lumiere_owner"])
    assert stamp(session, card, actors["lumiere_owner"]).card.stamp_count == 2


def test_stamp_refused_after_the_daily_cap(session, demo, actors, card):
    collect_stamps(session, card, actors["lumiere_owner"], 5)
    with pytest.raises(errors.DailyLimitReached) as caught:
        stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(hours=3))
    assert caught.value.details == {"max_stamps_per_day": 5}
    assert reload(session, card).stamp_count == 5
    assert_ledger_balanced(session)


def test_daily_cap_counts_the_merchants_local_day_not_the_utc_day(session, demo, actors, card):
    # Luxembourg is UTC+1 in March: local 10 March runs from 23:00 UTC on 9 March to 23:00 UTC on 10 March.
    times = [
        datetime(2026, 3, 9, 23, 5, tzinfo=UTC),
        datetime(2026, 3, 9, 23, 25, tzinfo=UTC),
        datetime(2026, 3, 10, 0, 5, tzinfo=UTC),
        datetime(2026, 3, 10, 0, 25, tzinfo=UTC),
        datetime(2026, 3, 10, 0, 45, tzinfo=UTC),
    ]
    for at in times:
        stamp(session, card, actors["lumiere_owner"], at=at)
    # Five stamps on local 10 March, though only three of them on UTC 10 March.
    with pytest.raises(errors.DailyLimitReached):
        stamp(session, card, actors["lumiere_owner"], at=datetime(2026, 3, 10, 22, 50, tzinfo=UTC))
    # 23:05 UTC is 00:05 on 11 March in Luxembourg: a new day.
    assert (
        stamp(session, card, actors["lumiere_owner"], at=datetime(2026, 3, 10, 23, 5, tzinfo=UTC)).card.stamp_count == 6
    )
    assert_ledger_balanced(session)


def test_daily_cap_follows_the_merchants_timezone_setting(session, demo, actors, card):
    merchant = demo["merchants"]["lumiere"]
    merchant.timezone = "America/New_York"  # UTC-4 on 10 March 2026 (DST started 8 March)
    session.add(merchant)
    session.commit()
    for at in (datetime(2026, 3, 10, 4, 0, tzinfo=UTC) + timedelta(minutes=20 * i) for i in range(5)):
        stamp(session, card, actors["lumiere_owner"], at=at)
    # 03:50 UTC on 11 March is still 23:50 on 10 March in New York.
    with pytest.raises(errors.DailyLimitReached):
        stamp(session, card, actors["lumiere_owner"], at=datetime(2026, 3, 11, 3, 50, tzinfo=UTC))
    assert (
        stamp(session, card, actors["lumiere_owner"], at=datetime(2026, 3, 11, 4, 0, tzinfo=UTC)).card.stamp_count == 6
    )


def test_voided_stamps_do_not_count_towards_the_daily_cap(session, demo, actors, card):
    results = collect_stamps(session, card, actors["lumiere_owner"], 5)
    voids.void_transaction(
        session,
        "lumiere-centre",
        results[-1].transaction.id,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(hours=2),
    )
    assert stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(hours=3)).card.stamp_count == 5
    assert_ledger_balanced(session)


def test_reward_ready_when_the_stamp_count_reaches_the_target(session, demo, actors, card, fired):
    results = collect_stamps(session, card, actors["lumiere_owner"], 10)
    assert [r.reward_ready for r in results] == [False] * 9 + [True]
    assert results[-1].card.stamp_count == 10
    assert [e for e in fired if isinstance(e, RewardReady)] == [RewardReady(card.id)]
    assert_ledger_balanced(session)


def test_reward_stays_ready_and_is_announced_once_beyond_the_target(session, demo, actors, card, fired):
    results = collect_stamps(session, card, actors["lumiere_owner"], 11)
    assert results[-1].reward_ready is True and results[-1].card.stamp_count == 11
    assert [type(e) for e in fired].count(RewardReady) == 1


def test_each_stamp_announces_a_card_change_for_the_wallets(session, demo, actors, card, fired):
    tx = stamp(session, card, actors["lumiere_owner"]).transaction
    assert CardChanged(card.id, tx.id, tx.store_id) in fired


def test_refused_stamp_announces_nothing(session, demo, actors, card, fired):
    stamp(session, card, actors["lumiere_owner"])
    fired.clear()
    with pytest.raises(errors.CooldownActive):
        stamp(session, card, actors["lumiere_owner"], at=NOW + timedelta(minutes=1))
    assert fired == []


def test_stamp_on_an_inactive_card_is_refused(session, demo, actors, card):
    from loyalty_app.services.cards import cards

    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["lumiere_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        stamp(session, card, actors["lumiere_owner"])


def test_stamp_on_a_points_program_is_refused(session, demo, actors):
    card = join(session, "atelier-ville").card
    with pytest.raises(errors.WrongProgramType) as caught:
        stamp(session, card, actors["atelier_owner"], store_code="atelier-ville")
    assert caught.value.details == {"loyalty_type": "points"}


def test_hybrid_program_takes_stamps(session, demo, actors, card):
    programs.update_program(session, card.merchant_id, {"loyalty_type": "hybrid"}, SYSTEM)
    assert stamp(session, card, actors["lumiere_owner"]).card.stamp_count == 1


def test_stamp_with_an_unknown_card_is_refused(session, demo, actors, card):
    with pytest.raises(errors.CardNotFound):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            "999999999999",
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW,
        )


def test_stamp_by_the_staff_of_another_store_is_refused(session, demo, actors, card):
    with pytest.raises(errors.PermissionDenied):
        stamp(session, card, actors["lumiere_staff"], store_code="lumiere-gare")


def test_stamp_by_another_merchant_is_refused(session, demo, actors, card):
    with pytest.raises(errors.PermissionDenied):
        stamp(session, card, actors["atelier_owner"])


def test_stamp_by_a_customer_is_refused(session, demo, card):
    from loyalty_app.services.context import PUBLIC

    with pytest.raises(errors.PermissionDenied):
        stamp(session, card, PUBLIC)


def test_stamp_accepts_the_verified_shift_staff_instead_of_a_pin(session, demo, actors, card):
    marie = demo["staff"]["lumiere-centre"]
    result = stamp(
        session, card, actors["lumiere_staff"], staff_pin=None, shift_staff=StaffIdentity(pin_id=marie.id, name="Marie")
    )
    assert (result.transaction.staff_pin_id, result.transaction.staff_name) == (marie.id, "Marie")


def test_stamp_without_a_pin_when_none_is_required_records_no_staff(session, demo, actors, card):
    programs.update_program(session, card.merchant_id, {"pin_required": False}, SYSTEM)
    result = stamp(session, card, actors["lumiere_staff"], staff_pin=None)
    assert (result.transaction.staff_pin_id, result.transaction.staff_name) == (None, None)


def test_redeem_stamps_takes_the_target_off_the_counter(session, demo, actors, card):
    collect_stamps(session, card, actors["lumiere_owner"], 12)
    tx, after = stamps.redeem_stamps(
        session,
        "lumiere-gare",
        card.card_number,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-gare"],
        now=NOW + timedelta(days=5),
    )
    assert after.stamp_count == 2 and after.lifetime_stamps == 12
    assert (tx.type, tx.stamps_delta, tx.reward_name) == ("stamp_redeemed", -10, "Free coffee")
    assert tx.staff_name == "Luc"
    assert_ledger_balanced(session)


def test_redeem_stamps_refused_below_the_target(session, demo, actors, card):
    collect_stamps(session, card, actors["lumiere_owner"], 9)
    with pytest.raises(errors.InsufficientStamps) as caught:
        stamps.redeem_stamps(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW + timedelta(days=5),
        )
    assert caught.value.details == {"stamp_count": 9, "stamps_target": 10}
    assert reload(session, card).stamp_count == 9
    assert rows(session, card, "stamp_redeemed") == []
    assert_ledger_balanced(session)


def test_redeem_stamps_twice_needs_twice_the_target(session, demo, actors, card):
    programs.update_program(session, card.merchant_id, {"stamps_target": 2}, SYSTEM)
    collect_stamps(session, card, actors["lumiere_owner"], 3)
    stamps.redeem_stamps(
        session,
        "lumiere-centre",
        card.card_number,
        actors["lumiere_owner"],
        staff_pin=PINS["lumiere-centre"],
        now=NOW + timedelta(days=1),
    )
    with pytest.raises(errors.InsufficientStamps):
        stamps.redeem_stamps(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW + timedelta(days=1),
        )
    assert reload(session, card).stamp_count == 1


def test_redeem_stamps_on_an_inactive_card_is_refused(session, demo, actors, card):
    from loyalty_app.services.cards import cards

    collect_stamps(session, card, actors["lumiere_owner"], 10)
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["lumiere_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        stamps.redeem_stamps(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW + timedelta(days=3),
        )


def test_redeem_stamps_needs_the_staff_pin(session, demo, actors, card):
    with pytest.raises(errors.PinRequired):
        stamps.redeem_stamps(session, "lumiere-centre", card.card_number, actors["lumiere_owner"], now=NOW)


def test_local_day_starts_at_midnight_in_the_merchants_timezone():
    start = stamps.start_of_local_day(datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "Europe/Luxembourg")
    assert start == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)  # UTC+2 in summer: it is already 2 July there
    assert stamps.start_of_local_day(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "Europe/Luxembourg") == datetime(
        2026, 6, 30, 22, 0, tzinfo=UTC
    )
