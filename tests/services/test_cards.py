import pytest

from loyalty_app.models import LoyaltyCard
from loyalty_app.services import errors
from loyalty_app.services.admin import trash
from loyalty_app.services.cards import cards
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.ledger import stamps

from .support import NOW, PIN, assert_ledger_balanced, collect_stamps, join, reload, rows

pytestmark = pytest.mark.quick_setup


@pytest.mark.parametrize("payload, digit", [("7992739871", "3"), ("0", "0"), ("1", "8"), ("12345678901", "5")])
def test_luhn_check_digit_matches_the_standard_algorithm(payload, digit):
    assert cards.luhn_check_digit(payload) == digit


def _check_digit_matches(number: str) -> bool:
    return cards.luhn_check_digit(number[:-1]) == number[-1]


def test_new_card_numbers_are_twelve_digits_with_a_valid_check_digit():
    numbers = {cards.new_card_number() for _ in range(200)}
    assert len(numbers) == 200
    for number in numbers:
        assert len(number) == 12 and number.isdigit() and number[0] != "0"
        assert _check_digit_matches(number)


def test_a_single_mistyped_digit_fails_the_check():
    number = "123456789015"
    assert _check_digit_matches(number)
    for i in range(12):
        for d in "0123456789":
            if d != number[i]:
                assert not _check_digit_matches(number[:i] + d + number[i + 1 :])


def test_swapped_neighbour_digits_fail_the_check():
    number = "123456789015"
    swapped = number[:3] + number[4] + number[3] + number[5:]
    assert not _check_digit_matches(swapped)


def test_card_number_is_shown_in_groups_of_four_and_read_back_without_separators():
    assert cards.format_card_number("123456789012") == "1234 5678 9012"
    assert cards.normalize_card_number(" 1234 5678-9012 ") == "123456789012"
    assert cards.normalize_card_number("1234\t5678--9012") == "123456789012"


def test_qr_tokens_are_long_and_unique():
    tokens = {cards.new_qr_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) >= 32 for t in tokens)


def test_card_is_found_by_number_with_spaces_or_dashes(session, demo):
    card = join(session, "lumiere-centre").card
    merchant_id = demo["merchants"]["lumiere"].id
    n = card.card_number
    for typed in (n, cards.format_card_number(n), f"{n[:4]}-{n[4:8]}-{n[8:]}", f"  {n[:6]} {n[6:]}  "):
        assert cards.find_card(session, merchant_id, typed).id == card.id


def test_card_is_found_by_qr_token(session, demo):
    card = join(session, "lumiere-centre").card
    assert cards.find_card(session, demo["merchants"]["lumiere"].id, card.qr_token).id == card.id


def test_card_is_found_by_email_whatever_the_case(session, demo):
    card = join(session, "lumiere-centre", "ada@example.com").card
    assert cards.find_card(session, demo["merchants"]["lumiere"].id, " ADA@Example.com ").id == card.id


def test_email_lookup_prefers_the_card_of_the_store_asking(session, demo):
    ville = join(session, "atelier-ville").card
    kirchberg = join(session, "atelier-kirchberg").card
    merchant_id = demo["merchants"]["atelier"].id
    for store_code, card in (("atelier-ville", ville), ("atelier-kirchberg", kirchberg)):
        found = cards.find_card(session, merchant_id, "ada@example.com", store_id=demo["stores"][store_code].id)
        assert found.id == card.id


def test_unknown_card_reference_is_not_found(session, demo):
    join(session, "lumiere-centre")
    for query in ("", "   ", None, "000000000000", "nobody@example.com", "no-such-token"):
        with pytest.raises(errors.CardNotFound):
            cards.find_card(session, demo["merchants"]["lumiere"].id, query)


def test_card_of_another_merchant_is_not_found(session, demo):
    card = join(session, "atelier-ville").card
    lumiere_id = demo["merchants"]["lumiere"].id
    for ref in (card.card_number, card.qr_token, "ada@example.com"):
        with pytest.raises(errors.CardNotFound):
            cards.find_card(session, lumiere_id, ref)
    with pytest.raises(errors.CardNotFound):
        cards.get_card(session, lumiere_id, card.id)


def test_trashed_card_is_not_found(session, demo):
    card = join(session, "lumiere-centre").card
    trash.soft_delete_card(session, card.merchant_id, card.id, SYSTEM, now=NOW)
    with pytest.raises(errors.CardNotFound):
        cards.find_card(session, card.merchant_id, card.card_number)
    with pytest.raises(errors.CardNotFound):
        cards.get_card(session, card.merchant_id, card.id)


def test_get_store_refuses_unknown_inactive_and_deleted_stores_and_merchants(session, demo):
    assert cards.get_store(session, "lumiere-gare").id == demo["stores"]["lumiere-gare"].id
    with pytest.raises(errors.StoreNotFound):
        cards.get_store(session, "nope")
    gare = demo["stores"]["lumiere-gare"]
    gare.is_active = False
    session.add(gare)
    session.commit()
    with pytest.raises(errors.StoreNotFound):
        cards.get_store(session, "lumiere-gare")
    assert cards.get_store(session, "lumiere-gare", include_inactive=True).id == gare.id
    merchant = demo["merchants"]["lumiere"]
    merchant.deleted_at = NOW
    session.add(merchant)
    session.commit()
    with pytest.raises(errors.StoreNotFound):
        cards.get_store(session, "lumiere-centre")


def test_deactivated_card_keeps_its_balance_and_records_the_reason(session, demo, actors):
    card = join(session, "atelier-ville").card
    done = cards.deactivate_card(session, card.merchant_id, card.id, "  Lost card  ", actors["atelier_owner"], now=NOW)
    assert done.is_active is False and done.deactivated_reason == "Lost card"
    assert done.points_balance == 50
    [row] = rows(session, card, "card_deactivated")
    assert (row.points_delta, row.stamps_delta, row.reason) == (0, 0, "Lost card")
    assert row.user_id == actors["atelier_owner"].user_id
    assert_ledger_balanced(session)


def test_deactivated_card_is_refused_at_the_counter(session, demo, actors):
    card = join(session, "lumiere-centre").card
    cards.deactivate_card(session, card.merchant_id, card.id, "Fraud", actors["lumiere_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_staff"],
            staff_pin=PIN["lumiere-centre"],
            now=NOW,
        )
    assert reload(session, card).stamp_count == 0


def test_deactivation_needs_a_reason(session, demo, actors):
    card = join(session, "lumiere-centre").card
    for reason in ("", "   ", None):
        with pytest.raises(errors.ValidationFailed) as caught:
            cards.deactivate_card(session, card.merchant_id, card.id, reason, actors["lumiere_owner"], now=NOW)
        assert caught.value.fields == {"reason": ["required"]}
    assert reload(session, card).is_active is True


def test_deactivating_twice_is_refused(session, demo, actors):
    card = join(session, "lumiere-centre").card
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["lumiere_owner"], now=NOW)
    with pytest.raises(errors.CardInactive):
        cards.deactivate_card(session, card.merchant_id, card.id, "Lost again", actors["lumiere_owner"], now=NOW)
    session.rollback()
    assert len(rows(session, card, "card_deactivated")) == 1


def test_reactivated_card_works_again_with_its_old_balance(session, demo, actors):
    card = join(session, "lumiere-centre").card
    collect_stamps(session, card, actors["lumiere_owner"], 2)
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["lumiere_owner"], now=NOW)
    back = cards.reactivate_card(session, card.merchant_id, card.id, actors["lumiere_owner"], reason="Found", now=NOW)
    assert back.is_active is True and back.deactivated_reason is None and back.stamp_count == 2
    [row] = rows(session, card, "card_reactivated")
    assert row.reason == "Found"
    later = stamps.add_stamp(
        session,
        "lumiere-centre",
        card.card_number,
        actors["lumiere_owner"],
        staff_pin=PIN["lumiere-centre"],
        now=NOW.replace(day=20),
    )
    assert later.card.stamp_count == 3
    assert_ledger_balanced(session)


def test_reactivating_an_active_card_is_refused(session, demo, actors):
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.CardAlreadyActive):
        cards.reactivate_card(session, card.merchant_id, card.id, actors["lumiere_owner"], now=NOW)


def test_an_anonymized_card_cannot_be_reactivated(session, demo, actors):
    card = join(session, "lumiere-centre").card
    cards.deactivate_card(session, card.merchant_id, card.id, "GDPR erasure", actors["admin"], now=NOW)
    card = session.get(LoyaltyCard, card.id)
    card.customer_id = None
    session.add(card)
    session.commit()
    with pytest.raises(errors.CardInactive):
        cards.reactivate_card(session, card.merchant_id, card.id, actors["admin"], now=NOW)


def test_deactivation_changes_the_wallet_version_but_not_the_last_activity(session, demo, actors):
    card = join(session, "lumiere-centre", now=NOW.replace(day=1)).card
    before = reload(session, card).wallet_version
    cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["lumiere_owner"], now=NOW)
    card = reload(session, card)
    assert card.wallet_version == before + 1
    assert card.last_activity_at == NOW.replace(day=1)


@pytest.mark.parametrize("who", ["lumiere_staff", "atelier_owner"])
def test_only_the_merchants_owner_or_an_admin_deactivates_a_card(session, demo, actors, who):
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.PermissionDenied):
        cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors[who], now=NOW)
    done = cards.deactivate_card(session, card.merchant_id, card.id, "Lost", actors["admin"], now=NOW)
    assert done.is_active is False
    with pytest.raises(errors.PermissionDenied):
        cards.reactivate_card(session, card.merchant_id, card.id, actors[who], now=NOW)
