from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import AuditLog, StaffPin, utcnow
from loyalty_app.services import errors
from loyalty_app.services.context import SYSTEM, StaffIdentity
from loyalty_app.services.ledger import stamps
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.staff import pins
from loyalty_app.services.staff.pin_list import merchant_pins

from .support import NOW, join

pytestmark = pytest.mark.quick_setup


def verify(session, demo, pin, store_code="lumiere-centre", at=NOW):
    return pins.verify_pin(session, demo["stores"][store_code], pin, at)


def wrong(session, demo, times, store_code="lumiere-centre", at=NOW):
    for _ in range(times):
        with pytest.raises(errors.InvalidPin):
            verify(session, demo, "0000", store_code, at)


def test_correct_pin_names_the_staff_member(session, demo):
    staff = verify(session, demo, PINS["lumiere-centre"])
    assert staff == StaffIdentity(pin_id=demo["staff"]["lumiere-centre"].id, name="Marie")


def test_correct_pin_records_when_it_was_last_used(session, demo):
    verify(session, demo, PINS["lumiere-centre"])
    session.commit()
    session.expire_all()
    assert session.get(StaffPin, demo["staff"]["lumiere-centre"].id).last_used_at == NOW


def test_wrong_or_malformed_pin_is_refused(session, demo):
    for typed in ("0000", "12345", "abcd", None):  # four: the fifth would lock the store
        with pytest.raises(errors.InvalidPin):
            verify(session, demo, typed)


def test_pin_of_another_store_is_refused(session, demo):
    with pytest.raises(errors.InvalidPin):
        verify(session, demo, PINS["lumiere-gare"], "lumiere-centre")


def test_operation_without_a_pin_is_refused_when_the_program_requires_one(session, demo, actors):
    card = join(session, "lumiere-centre").card
    with pytest.raises(errors.PinRequired):
        stamps.add_stamp(session, "lumiere-centre", card.card_number, actors["lumiere_staff"], now=NOW)
    with pytest.raises(errors.InvalidPin):
        stamps.add_stamp(
            session, "lumiere-centre", card.card_number, actors["lumiere_staff"], staff_pin="9999", now=NOW
        )


def test_wrong_pins_are_counted_and_remembered_after_the_refusal(session, demo):
    wrong(session, demo, 3)
    session.expire_all()
    assert session.get(StaffPin, demo["staff"]["lumiere-centre"].id).failed_attempts == 3


def test_a_correct_pin_resets_the_failure_count(session, demo):
    wrong(session, demo, 4)
    verify(session, demo, PINS["lumiere-centre"])
    session.commit()
    wrong(session, demo, 4)
    assert verify(session, demo, PINS["lumiere-centre"]).name == "Marie"


def test_store_pins_lock_for_30_minutes_after_5_wrong_pins(session, demo):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked) as caught:
        verify(session, demo, "0000")
    assert caught.value.details["minutes_remaining"] == 30
    assert caught.value.details["locked_until"] == (NOW + timedelta(minutes=30)).isoformat()
    with pytest.raises(errors.PinLocked) as caught:
        verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=10, seconds=30))
    assert caught.value.details["minutes_remaining"] == 20


def test_pin_lock_ends_after_30_minutes(session, demo):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    with pytest.raises(errors.PinLocked) as caught:
        verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=29, seconds=59))
    assert caught.value.details["minutes_remaining"] == 1
    assert verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=30)).name == "Marie"


def test_a_pin_reads_as_locked_until_its_lockout_ends(session, demo):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    row = session.get(StaffPin, demo["staff"]["lumiere-centre"].id)
    assert pins.is_locked(row, NOW + timedelta(minutes=29, seconds=59))
    assert not pins.is_locked(row, NOW + timedelta(minutes=30))


def test_the_pin_list_says_which_pins_are_locked_now(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    marie.locked_until = utcnow() + timedelta(minutes=5)
    session.add(marie)
    session.commit()
    listed = {p.staff_name: p.is_locked for p in merchant_pins(session, marie.merchant_id)}
    assert listed["Marie"] is True and not any(v for name, v in listed.items() if name != "Marie")


def test_wrong_pins_during_a_lock_do_not_extend_it(session, demo):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    for minute in (5, 10, 20):
        with pytest.raises(errors.PinLocked):
            verify(session, demo, "0000", at=NOW + timedelta(minutes=minute))
    assert verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=30)).name == "Marie"


def test_pin_lock_stays_at_its_own_store(session, demo):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    assert verify(session, demo, PINS["lumiere-gare"], "lumiere-gare").name == "Luc"


def test_pin_lock_blocks_the_store_operation(session, demo, actors):
    card = join(session, "lumiere-centre").card
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    with pytest.raises(errors.PinLocked):
        stamps.add_stamp(
            session,
            "lumiere-centre",
            card.card_number,
            actors["lumiere_staff"],
            staff_pin=PINS["lumiere-centre"],
            now=NOW + timedelta(minutes=1),
        )


def test_merchant_settings_override_the_platform_lockout(session, demo):
    programs.update_program(
        session, demo["merchants"]["lumiere"].id, {"pin_max_attempts": 3, "pin_lockout_minutes": 10}, SYSTEM
    )
    wrong(session, demo, 2)
    with pytest.raises(errors.PinLocked) as caught:
        verify(session, demo, "0000")
    assert caught.value.details["minutes_remaining"] == 10
    assert verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=10)).name == "Marie"


def test_unlock_lifts_the_lock_at_once(session, demo, actors):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    merchant_id = demo["merchants"]["lumiere"].id
    row = pins.unlock_pin(session, merchant_id, demo["staff"]["lumiere-centre"].id, actors["lumiere_owner"])
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert verify(session, demo, PINS["lumiere-centre"], at=NOW + timedelta(minutes=1)).name == "Marie"
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "staff_pin.unlock")).all()
    assert audit.old_values["failed_attempts"] == 0 and audit.old_values["locked_until"] is not None


def test_a_pin_created_during_a_lock_still_works(session, demo, actors):
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    pins.create_pin(session, demo["stores"]["lumiere-centre"], "Nina", "2468", actors["lumiere_owner"])
    assert verify(session, demo, "2468", at=NOW + timedelta(minutes=1)).name == "Nina"


def test_shift_staff_is_checked_again_at_every_operation(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    store = demo["stores"]["lumiere-centre"]
    identity = StaffIdentity(pin_id=marie.id, name="Marie")
    assert pins.confirm_shift_staff(session, store, identity, NOW) == identity
    with pytest.raises(errors.InvalidPin):
        pins.confirm_shift_staff(session, demo["stores"]["lumiere-gare"], identity, NOW)
    with pytest.raises(errors.InvalidPin):
        pins.confirm_shift_staff(session, store, StaffIdentity(pin_id=999_999, name="Ghost"), NOW)
    wrong(session, demo, 4)
    with pytest.raises(errors.PinLocked):
        verify(session, demo, "0000")
    with pytest.raises(errors.PinLocked) as caught:
        pins.confirm_shift_staff(session, store, identity, NOW + timedelta(minutes=15))
    assert caught.value.details["minutes_remaining"] == 15
    pins.deactivate_pin(session, marie.merchant_id, marie.id, actors["lumiere_owner"])
    with pytest.raises(errors.InvalidPin):
        pins.confirm_shift_staff(session, store, identity, NOW + timedelta(hours=1))


def test_create_pin_stores_only_hashes(session, demo, actors):
    row = pins.create_pin(session, demo["stores"]["lumiere-centre"], "  Nina ", "24680", actors["lumiere_owner"])
    assert row.staff_name == "Nina"
    assert "24680" not in row.pin_hash and "24680" not in row.pin_lookup
    assert verify(session, demo, "24680").name == "Nina"


def test_pin_is_unique_per_store(session, demo, actors):
    with pytest.raises(errors.AlreadyExists) as caught:
        pins.create_pin(
            session, demo["stores"]["lumiere-centre"], "Copycat", PINS["lumiere-centre"], actors["lumiere_owner"]
        )
    assert caught.value.details == {"field": "pin"}
    # The same digits at another store are a different PIN.
    assert pins.create_pin(
        session, demo["stores"]["lumiere-gare"], "Twin", PINS["lumiere-centre"], actors["lumiere_owner"]
    ).id


def test_the_database_also_refuses_a_duplicate_pin_at_one_store(session, demo):
    from sqlalchemy.exc import IntegrityError

    marie = demo["staff"]["lumiere-centre"]
    session.add(
        StaffPin(
            merchant_id=marie.merchant_id,
            store_id=marie.store_id,
            staff_name="Copy",
            pin_hash=marie.pin_hash,
            pin_lookup=marie.pin_lookup,
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_create_pin_validates_name_and_four_to_eight_digits(session, demo, actors):
    for name, pin, problems in (
        ("Nina", "123", {"pin": ["pin_format"]}),
        ("Nina", "123456789", {"pin": ["pin_format"]}),
        ("Nina", "12a4", {"pin": ["pin_format"]}),
        ("Nina", " 1357", {"pin": ["pin_format"]}),
        ("", "1357", {"staff_name": ["required"]}),
        ("x" * 101, "1357", {"staff_name": ["too_long"]}),
        ("  ", "", {"pin": ["pin_format"], "staff_name": ["required"]}),
    ):
        with pytest.raises(errors.ValidationFailed) as caught:
            pins.create_pin(session, demo["stores"]["lumiere-centre"], name, pin, actors["lumiere_owner"])
        assert caught.value.fields == problems, (name, pin)
    assert [p.staff_name for p in pins.list_pins(session, demo["merchants"]["lumiere"].id)] == ["Marie", "Luc"]


def test_pins_of_four_and_eight_digits_are_accepted(session, demo, actors):
    store = demo["stores"]["lumiere-centre"]
    pins.create_pin(session, store, "Four", "0007", actors["lumiere_owner"])
    pins.create_pin(session, store, "Eight", "87654321", actors["lumiere_owner"])
    assert verify(session, demo, "87654321").name == "Eight"


@pytest.mark.parametrize("who", ["lumiere_staff", "atelier_owner"])
def test_only_the_owner_or_an_admin_manages_pins(session, demo, actors, who):
    store = demo["stores"]["lumiere-centre"]
    marie = demo["staff"]["lumiere-centre"]
    with pytest.raises(errors.PermissionDenied):
        pins.create_pin(session, store, "Nina", "2468", actors[who])
    with pytest.raises(errors.PermissionDenied):
        pins.bulk_create_pins(session, store, "Nina, 2468", actors[who])
    with pytest.raises(errors.PermissionDenied):
        pins.rename_pin(session, marie.merchant_id, marie.id, "M.", actors[who])
    with pytest.raises(errors.PermissionDenied):
        pins.unlock_pin(session, marie.merchant_id, marie.id, actors[who])
    with pytest.raises(errors.PermissionDenied):
        pins.deactivate_pin(session, marie.merchant_id, marie.id, actors[who])
    assert pins.create_pin(session, store, "Nina", "2468", actors["admin"]).staff_name == "Nina"


def test_bulk_create_makes_every_pin_of_the_list(session, demo, actors):
    store = demo["stores"]["lumiere-centre"]
    created = pins.bulk_create_pins(
        session, store, "Nina, 2468\n\n  Doe, Jane ,13579 \nOmar,8642\n", actors["lumiere_owner"]
    )
    assert [r.staff_name for r in created] == ["Nina", "Doe, Jane", "Omar"]
    assert verify(session, demo, "13579").name == "Doe, Jane"
    assert len(session.exec(select(AuditLog).where(AuditLog.action == "staff_pin.create")).all()) == 4 + 3


def test_bulk_create_is_all_or_nothing_with_an_error_per_line(session, demo, actors):
    store = demo["stores"]["lumiere-centre"]
    lines = "Nina, 2468\nCopycat, 1234\nOmar, 12\n, 5555\nTwin, 2468\nNo comma"
    with pytest.raises(errors.ValidationFailed) as caught:
        pins.bulk_create_pins(session, store, lines, actors["lumiere_owner"])
    assert caught.value.fields == {
        "line_2": ["pin_taken"],
        "line_3": ["pin_format"],
        "line_4": ["required"],
        "line_5": ["pin_taken"],
        "line_6": ["pin_format", "required"],
    }
    assert [p.staff_name for p in pins.list_pins(session, store.merchant_id, store.id)] == ["Marie"]


def test_bulk_create_of_an_empty_list_is_refused(session, demo, actors):
    with pytest.raises(errors.ValidationFailed) as caught:
        pins.bulk_create_pins(session, demo["stores"]["lumiere-centre"], " \n \n", actors["lumiere_owner"])
    assert caught.value.fields == {"lines": ["required"]}


def test_rename_pin_keeps_the_pin_and_audits_the_old_name(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    row = pins.rename_pin(session, marie.merchant_id, marie.id, "  Marie W. ", actors["lumiere_owner"])
    assert row.staff_name == "Marie W."
    assert verify(session, demo, PINS["lumiere-centre"]).name == "Marie W."
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "staff_pin.rename")).all()
    assert (audit.old_values, audit.new_values) == ({"staff_name": "Marie"}, {"staff_name": "Marie W."})


def test_rename_pin_validates_the_name(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    for name, problem in (("", "required"), ("  ", "required"), (None, "required"), ("x" * 101, "too_long")):
        with pytest.raises(errors.ValidationFailed) as caught:
            pins.rename_pin(session, marie.merchant_id, marie.id, name, actors["lumiere_owner"])
        assert caught.value.fields == {"staff_name": [problem]}
    session.expire_all()
    assert session.get(StaffPin, marie.id).staff_name == "Marie"


def test_pin_of_another_merchant_is_not_found(session, demo, actors):
    sophie = demo["staff"]["atelier-ville"]
    lumiere_id = demo["merchants"]["lumiere"].id
    for action in (
        lambda: pins.rename_pin(session, lumiere_id, sophie.id, "X", actors["lumiere_owner"]),
        lambda: pins.unlock_pin(session, lumiere_id, sophie.id, actors["lumiere_owner"]),
        lambda: pins.deactivate_pin(session, lumiere_id, sophie.id, actors["lumiere_owner"]),
        lambda: pins.get_pin(session, lumiere_id, 999_999),
    ):
        with pytest.raises(errors.StaffPinNotFound):
            action()


def test_deactivated_pin_is_refused_and_its_digits_stay_reserved(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    assert pins.deactivate_pin(session, marie.merchant_id, marie.id, actors["lumiere_owner"]).is_active is False
    pins.deactivate_pin(session, marie.merchant_id, marie.id, actors["lumiere_owner"])  # twice is harmless
    assert len(session.exec(select(AuditLog).where(AuditLog.action == "staff_pin.deactivate")).all()) == 1
    with pytest.raises(errors.InvalidPin):
        verify(session, demo, PINS["lumiere-centre"])
    with pytest.raises(errors.AlreadyExists):
        pins.create_pin(
            session, demo["stores"]["lumiere-centre"], "New Marie", PINS["lumiere-centre"], actors["lumiere_owner"]
        )


def test_deactivated_pins_do_not_collect_failures(session, demo, actors):
    marie = demo["staff"]["lumiere-centre"]
    pins.deactivate_pin(session, marie.merchant_id, marie.id, actors["lumiere_owner"])
    wrong(session, demo, 3)
    session.expire_all()
    assert session.get(StaffPin, marie.id).failed_attempts == 0


def test_list_pins_filters_by_store(session, demo):
    lumiere_id = demo["merchants"]["lumiere"].id
    assert [p.staff_name for p in pins.list_pins(session, lumiere_id)] == ["Marie", "Luc"]
    assert [p.staff_name for p in pins.list_pins(session, lumiere_id, demo["stores"]["lumiere-gare"].id)] == ["Luc"]
