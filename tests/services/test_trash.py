from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import AuditLog, EmailLog, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, Sale
from loyalty_app.services import errors
from loyalty_app.services.admin import trash
from loyalty_app.services.cards import cards
from loyalty_app.services.ledger import points, stamps, voids

from .support import NOW, assert_ledger_balanced, collect_stamps, join

pytestmark = pytest.mark.quick_setup


@pytest.fixture
def card(session, demo):
    return join(session, "lumiere-centre").card


def trashed(session, card, actor):
    return trash.soft_delete_card(session, card.merchant_id, card.id, actor, now=NOW)


def test_soft_deleted_card_disappears_from_lookups_and_the_counter(session, demo, actors, card):
    deleted = trashed(session, card, actors["lumiere_owner"])
    assert deleted.deleted_at == NOW and deleted.deleted_by_id == actors["lumiere_owner"].user_id
    with pytest.raises(errors.CardNotFound):
        cards.find_card(session, card.merchant_id, card.card_number)
    with pytest.raises(errors.CardNotFound):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW,
        )
    assert session.get(LoyaltyCard, card.id) is not None


def test_restored_card_comes_back_with_its_balance(session, demo, actors, card):
    collect_stamps(session, card, actors["lumiere_owner"], 3)
    trashed(session, card, actors["lumiere_owner"])
    restored = trash.restore_card(session, card.id, actors["lumiere_owner"])
    assert restored.deleted_at is None and restored.deleted_by_id is None
    assert cards.find_card(session, card.merchant_id, card.card_number).stamp_count == 3
    assert [
        a.action
        for a in session.exec(select(AuditLog).where(AuditLog.entity_type == "LoyaltyCard").order_by(AuditLog.id))
    ] == ["card.delete", "card.restore"]
    assert_ledger_balanced(session)


def test_admin_acting_for_a_merchant_is_recorded_as_the_deleter(session, demo, actors, card):
    from dataclasses import replace

    deleted = trashed(session, card, replace(actors["lumiere_owner"], acting_admin_id=actors["admin"].user_id))
    assert deleted.deleted_by_id == actors["admin"].user_id


def test_trashing_a_card_twice_or_restoring_a_live_card_is_refused(session, demo, actors, card):
    with pytest.raises(errors.CardNotFound):
        trash.restore_card(session, card.id, actors["lumiere_owner"])
    trashed(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.CardNotFound):
        trashed(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.CardNotFound):
        trash.restore_card(session, 999_999, actors["lumiere_owner"])


@pytest.mark.parametrize("who", ["lumiere_staff", "atelier_owner"])
def test_only_the_owner_or_an_admin_trashes_and_restores_a_card(session, demo, actors, card, who):
    with pytest.raises(errors.PermissionDenied):
        trashed(session, card, actors[who])
    assert session.get(LoyaltyCard, card.id).deleted_at is None
    trashed(session, card, actors["admin"])
    with pytest.raises(errors.PermissionDenied):
        trash.restore_card(session, card.id, actors[who])


def test_soft_deleted_program_stops_the_counter_until_restored(session, demo, actors, card):
    merchant_id = card.merchant_id
    program = trash.soft_delete_program(session, merchant_id, actors["lumiere_owner"], now=NOW)
    assert program.deleted_at == NOW
    with pytest.raises(errors.ProgramNotFound):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW,
        )
    with pytest.raises(errors.ProgramNotFound):
        join(session, "lumiere-centre", "new@example.com")
    with pytest.raises(errors.ProgramNotFound):
        trash.soft_delete_program(session, merchant_id, actors["lumiere_owner"], now=NOW)
    trash.restore_program(session, program.id, actors["lumiere_owner"])
    assert (
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_owner"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW,
        ).card.stamp_count
        == 1
    )
    assert_ledger_balanced(session)


def test_restoring_a_live_or_unknown_program_is_refused(session, demo, actors):
    program = session.exec(
        select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == demo["merchants"]["lumiere"].id)
    ).one()
    with pytest.raises(errors.ProgramNotFound):
        trash.restore_program(session, program.id, actors["admin"])
    with pytest.raises(errors.ProgramNotFound):
        trash.restore_program(session, 999_999, actors["admin"])


def test_program_trash_is_refused_to_staff_and_other_merchants(session, demo, actors):
    merchant_id = demo["merchants"]["lumiere"].id
    for who in ("lumiere_staff", "atelier_owner"):
        with pytest.raises(errors.PermissionDenied):
            trash.soft_delete_program(session, merchant_id, actors[who], now=NOW)
    program = trash.soft_delete_program(session, merchant_id, actors["admin"], now=NOW)
    with pytest.raises(errors.PermissionDenied):
        trash.restore_program(session, program.id, actors["atelier_owner"])


def test_merchant_restore_brings_back_its_program_and_cards_together(session, demo, actors, card):
    other = join(session, "lumiere-centre", "bob@example.com").card
    atelier_card = join(session, "atelier-ville").card
    merchant = demo["merchants"]["lumiere"]
    trashed(session, card, actors["admin"])
    trashed(session, other, actors["admin"])
    trash.soft_delete_card(session, atelier_card.merchant_id, atelier_card.id, actors["admin"], now=NOW)
    trash.soft_delete_program(session, merchant.id, actors["admin"], now=NOW)
    merchant.deleted_at = NOW
    session.add(merchant)
    session.commit()

    counts = trash.restore_merchant(session, merchant.id, actors["admin"])
    assert counts == {"programs": 1, "cards": 2}
    session.expire_all()
    assert session.get(Merchant, merchant.id).deleted_at is None
    assert (
        stamps.add_stamp(
            session, "lumiere-centre", other.card_number, actors["admin"], staff_pin=PINS["lumiere-centre"], now=NOW
        ).card.stamp_count
        == 1
    )
    assert session.get(LoyaltyCard, atelier_card.id).deleted_at is not None  # another merchant's trash stays
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "merchant.restore")).all()
    assert (audit.merchant_id, audit.new_values) == (merchant.id, counts)
    assert_ledger_balanced(session)


def test_merchant_restore_is_for_platform_admins_only(session, demo, actors):
    with pytest.raises(errors.PermissionDenied):
        trash.restore_merchant(session, demo["merchants"]["lumiere"].id, actors["lumiere_owner"])
    with pytest.raises(errors.NotFound):
        trash.restore_merchant(session, 999_999, actors["admin"])


def test_hard_delete_needs_the_card_number_typed_as_confirmation(session, demo, actors, card):
    trashed(session, card, actors["admin"])
    for typo in ("", "000000000000", card.card_number[:-1]):
        with pytest.raises(errors.ValidationFailed) as caught:
            trash.hard_delete_card(session, card.id, typo, actors["admin"])
        assert caught.value.fields == {"confirm": ["confirmation_mismatch"]}
    assert session.get(LoyaltyCard, card.id) is not None


def test_hard_delete_removes_the_card_and_its_ledger_but_keeps_the_sales(session, demo, actors):
    card = join(session, "atelier-ville").card
    owner = actors["atelier_owner"]
    earned = points.earn_points(
        session,
        "atelier-ville",
        card.card_number,
        2000,
        owner,
        staff_pin=PINS["atelier-ville"],
        order_reference="POS-9",
        now=NOW,
    )
    voids.void_transaction(
        session,
        "atelier-ville",
        earned.transaction.id,
        owner,
        staff_pin=PINS["atelier-ville"],
        now=NOW + timedelta(minutes=1),
    )
    keep = join(session, "atelier-ville", "bob@example.com").card
    trashed(session, card, actors["admin"])
    trash.hard_delete_card(session, card.id, cards.format_card_number(card.card_number), actors["admin"])
    session.expire_all()
    assert session.get(LoyaltyCard, card.id) is None
    assert session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.card_id == card.id)).all() == []
    [sale] = session.exec(select(Sale)).all()
    assert (sale.order_reference, sale.card_id) == ("POS-9", None)
    assert session.get(LoyaltyCard, keep.id).points_balance == 50
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "card.hard_delete")).all()
    assert audit.old_values == {"card_number": card.card_number}
    assert_ledger_balanced(session)


def test_hard_delete_keeps_the_email_log_of_the_card(session, demo, actors, card):
    session.add(
        EmailLog(
            merchant_id=card.merchant_id,
            card_id=card.id,
            template_code="loyalty_enrollment",
            locale="en",
            recipient="ada@example.com",
            status="sent",
        )
    )
    session.commit()
    trashed(session, card, actors["admin"])
    trash.hard_delete_card(session, card.id, card.card_number, actors["admin"])
    session.expire_all()
    [log] = session.exec(select(EmailLog)).all()
    assert (log.card_id, log.recipient) == (None, "ada@example.com")
    assert session.get(LoyaltyCard, card.id) is None


def test_hard_delete_of_a_live_card_or_by_an_owner_is_refused(session, demo, actors, card):
    with pytest.raises(errors.CardNotFound):
        trash.hard_delete_card(session, card.id, card.card_number, actors["admin"])
    trashed(session, card, actors["lumiere_owner"])
    with pytest.raises(errors.PermissionDenied):
        trash.hard_delete_card(session, card.id, card.card_number, actors["lumiere_owner"])
    assert session.get(LoyaltyCard, card.id) is not None
