"""The terminal's services: who may open it, the card panel, the feed, one entry per action, the shift PIN."""

from datetime import timedelta

import pytest

from loyalty_app.demo import PINS
from loyalty_app.services import errors
from loyalty_app.services.context import StaffIdentity
from loyalty_app.services.ledger import terminal

from .support import NOW, PIN, join, reload


def test_staff_open_their_own_store_owners_all_their_stores_and_admins_any(session, actors):
    centre = terminal.open_terminal(session, "lumiere-centre", actors["lumiere_staff"])
    assert centre.store_name == "Café Lumière Centre"
    assert terminal.open_terminal(session, "lumiere-gare", actors["lumiere_owner"]).loyalty_type == "stamps"
    atelier = terminal.open_terminal(session, "atelier-ville", actors["admin"])
    assert [r["id"] for r in atelier.rewards] == ["voucher-5", "voucher-15"]


@pytest.mark.parametrize(
    ("who", "store"),
    [
        ("lumiere_staff", "lumiere-gare"),
        ("lumiere_staff", "atelier-ville"),
        ("lumiere_owner", "atelier-ville"),
        ("atelier_staff", "lumiere-centre"),
    ],
)
def test_anyone_else_is_refused_the_terminal(session, actors, who, store):
    with pytest.raises(errors.PermissionDenied):
        terminal.open_terminal(session, store, actors[who])


def test_an_unknown_store_is_not_found(session, actors):
    with pytest.raises(errors.StoreNotFound):
        terminal.open_terminal(session, "nowhere", actors["admin"])


def test_the_card_panel_finds_a_card_by_qr_token_number_or_email(session, actors):
    card = join(session, "lumiere-centre", first_name="Ada", last_name="Kohn").card
    staff = actors["lumiere_staff"]
    for ref in (card.qr_token, card.card_number, "ADA@example.com"):
        panel = terminal.card_panel(session, "lumiere-centre", ref, staff)
        assert (panel.card_number, panel.customer_name, panel.stamps_target) == (card.card_number, "Ada Kohn", 10)
    assert panel.enrolled_store_name == "Café Lumière Centre" and panel.usable_here and not panel.reward_ready
    with pytest.raises(errors.CardNotFound):
        terminal.card_panel(session, "lumiere-centre", "0000 0000 0000", staff)


def test_the_panel_lists_rewards_affordable_now_and_a_card_of_another_store_as_not_usable(session, actors):
    card = join(session, "atelier-ville", first_name="Bo").card
    outcome = terminal.run_action(
        session,
        "atelier-ville",
        actors["atelier_staff"],
        "earn",
        card.card_number,
        amount_cents=5000,
        staff_pin=PIN["atelier-ville"],
    )
    assert outcome.panel.points_balance == 550  # 50 welcome bonus + 500
    assert [(r["id"], r["available"]) for r in outcome.panel.rewards] == [("voucher-5", True), ("voucher-15", False)]
    elsewhere = terminal.card_panel(session, "atelier-kirchberg", card.card_number, actors["atelier_owner"])
    assert not elsewhere.usable_here and not any(r["available"] for r in elsewhere.rewards)


def test_every_action_goes_through_its_service_and_answers_the_new_panel(session, actors):
    staff, pin = actors["atelier_staff"], PIN["atelier-ville"]
    card = join(session, "atelier-ville").card
    earned = terminal.run_action(
        session, "atelier-ville", staff, "earn", card.card_number, amount_cents=12_345, staff_pin=pin
    )
    assert (earned.transaction.points_delta, earned.staff.name) == (1234, "Sophie")
    redeemed = terminal.run_action(
        session, "atelier-ville", staff, "redeem_reward", card.card_number, reward_id="voucher-5", staff_pin=pin
    )
    assert redeemed.panel.points_balance == 1284 - 500
    voided = terminal.run_action(
        session, "atelier-ville", staff, "void", card.card_number, transaction_id=redeemed.transaction.id, staff_pin=pin
    )
    assert voided.panel.points_balance == 1284
    assert not terminal.is_voidable(redeemed.transaction, voided.panel.voided_ids)
    assert [tx.type for tx in voided.panel.history][:3] == ["points_voided", "points_redeemed", "points_earned"]
    with pytest.raises(errors.ValidationFailed):
        terminal.run_action(session, "atelier-ville", staff, "teleport", card.card_number, staff_pin=pin)


def test_a_shift_pin_signs_later_actions_without_another_bcrypt_check(session, actors):
    staff = actors["lumiere_staff"]
    marie = terminal.start_shift(session, "lumiere-centre", PIN["lumiere-centre"], staff, now=NOW)
    assert marie.name == "Marie"
    card = join(session, "lumiere-centre").card
    outcome = terminal.run_action(session, "lumiere-centre", staff, "stamp", card.card_number, shift_staff=marie)
    assert (outcome.transaction.staff_name, outcome.transaction.staff_pin_id) == ("Marie", marie.pin_id)
    assert reload(session, card).stamp_count == 1
    with pytest.raises(errors.InvalidPin):
        terminal.run_action(
            session,
            "lumiere-centre",
            staff,
            "stamp",
            card.card_number,
            shift_staff=StaffIdentity(pin_id=marie.pin_id + 999, name="Nobody"),
        )


def test_the_feed_is_the_stores_latest_rows_newest_first(session, actors):
    staff = actors["lumiere_staff"]
    first, second = (join(session, "lumiere-centre", email=f"{n}@example.com").card for n in ("a", "b"))
    for card in (first, second):
        terminal.run_action(
            session, "lumiere-centre", staff, "stamp", card.card_number, staff_pin=PINS["lumiere-centre"]
        )
    store_id = terminal.open_terminal(session, "lumiere-centre", staff).store_id
    rows = terminal.feed(session, store_id)
    assert [number for _, number in rows] == [second.card_number, first.card_number]
    since = rows[-1][0].id - 1
    assert [store for _, store in terminal.recent_changes(session, since)] == [store_id, store_id]
    assert terminal.last_transaction_id(session) == rows[0][0].id


@pytest.mark.parametrize(("text", "cents"), [("12.50", 1250), ("12,5", 1250), ("7", 700), (" 1 234,00 € ", 123400)])
def test_amounts_typed_at_the_counter_become_cents(text, cents):
    assert terminal.parse_amount_cents(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "-3", "0", "1.234", "NaN", "1e3.5"])
def test_amounts_that_are_not_a_price_are_refused(text):
    with pytest.raises(errors.ValidationFailed):
        terminal.parse_amount_cents(text)


def test_a_locked_pin_refuses_even_the_right_pin_with_the_minutes_left(session, actors):
    staff = actors["lumiere_owner"]
    for _ in range(4):
        with pytest.raises(errors.InvalidPin):
            terminal.start_shift(session, "lumiere-gare", "0000", staff, now=NOW)
    with pytest.raises(errors.PinLocked) as locked:
        terminal.start_shift(session, "lumiere-gare", "0000", staff, now=NOW)
    assert locked.value.details["minutes_remaining"] == 30
    with pytest.raises(errors.PinLocked) as still:
        terminal.start_shift(session, "lumiere-gare", PINS["lumiere-gare"], staff, now=NOW + timedelta(minutes=10))
    assert still.value.details["minutes_remaining"] == 20
