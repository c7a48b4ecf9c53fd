"""Acting on behalf of a merchant: every ledger and audit row written carries the admin's id."""

import pytest
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import AuditLog, LoyaltyCard, LoyaltyTransaction, StaffPin
from loyalty_app.services import errors
from loyalty_app.services.admin import act as admin_act
from loyalty_app.services.events import TaskCreated
from loyalty_app.services.staff import scope
from loyalty_app.services.tasks import lifecycle as tasks

from .support import assert_ledger_balanced, join


@pytest.fixture
def on_behalf(session, demo):
    admin = get_user(session, ADMIN_EMAIL)
    return scope.merchant_actor(session, admin, demo["merchants"]["atelier"].id, "203.0.113.9", "pytest")


def _new_rows(session, model, after_id):
    return session.exec(select(model).where(model.id > after_id)).all()


def _last_id(session, model) -> int:
    return max(session.exec(select(model.id)).all() or [0])


def test_bonus_on_behalf_stamps_the_admin_on_every_ledger_and_audit_row(session, demo, on_behalf, fired):
    cards = [join(session, "atelier-ville", f"m{i}@example.com").card for i in range(3)]
    tx_mark, audit_mark = _last_id(session, LoyaltyTransaction), _last_id(session, AuditLog)

    started = admin_act.bonus_cards(session, on_behalf.merchant_id, "", True, 100, "Spring bonus", on_behalf)

    assert (started.task["kind"], started.task["status"], started.task["total"], started.unknown) == (
        "bulk_bonus",
        "queued",
        3,
        [],
    )
    assert _new_rows(session, LoyaltyTransaction, tx_mark) == []  # nothing written inside the request
    task = tasks.execute(session, started.task["id"])
    assert (task.status, task.result["done"], task.acting_admin_id) == ("succeeded", 3, on_behalf.acting_admin_id)
    rows = _new_rows(session, LoyaltyTransaction, tx_mark)
    assert len(rows) == 3 and {r.acting_admin_id for r in rows} == {on_behalf.acting_admin_id}
    audits = _new_rows(session, AuditLog, audit_mark)
    assert audits and {a.acting_admin_id for a in audits} == {on_behalf.acting_admin_id}
    assert [session.get(LoyaltyCard, c.id).points_balance for c in cards] == [150, 150, 150]
    assert_ledger_balanced(session)


def test_two_bonus_submits_in_a_row_give_the_bonus_once(session, demo, on_behalf, fired):
    cards = [join(session, "atelier-ville", f"m{i}@example.com").card for i in range(2)]
    first = admin_act.bonus_cards(session, on_behalf.merchant_id, "", True, 100, "Spring bonus", on_behalf)
    with pytest.raises(errors.TaskAlreadyRunning) as refused:
        admin_act.bonus_cards(session, on_behalf.merchant_id, "", True, 100, "Spring bonus", on_behalf)
    assert refused.value.details["task_id"] == first.task["id"]
    with pytest.raises(errors.TaskAlreadyRunning):  # the merchant's own console is held off as well
        tasks.start_bulk(session, on_behalf.merchant_id, "bulk_deactivate", [cards[0].id], on_behalf, reason="x")

    tasks.execute(session, first.task["id"])

    assert [session.get(LoyaltyCard, c.id).points_balance for c in cards] == [150, 150]
    assert [type(e) for e in fired].count(TaskCreated) == 1
    assert_ledger_balanced(session)


def test_deactivate_by_number_reports_numbers_of_other_merchants_as_unknown(session, demo, on_behalf, fired):
    mine = join(session, "atelier-ville", "a@example.com").card
    other = join(session, "lumiere-centre", "b@example.com").card

    started = admin_act.deactivate_cards(
        session, on_behalf.merchant_id, f"{mine.card_number}\n{other.card_number}", False, "Fraud", on_behalf
    )
    assert (started.task["total"], started.unknown) == (1, [other.card_number])
    assert tasks.execute(session, started.task["id"]).result["done"] == 1

    assert session.get(LoyaltyCard, other.id).is_active
    assert not session.get(LoyaltyCard, mine.id).is_active
    row = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "card_deactivated")).one()
    assert row.acting_admin_id == on_behalf.acting_admin_id


def test_numbers_of_no_card_of_this_merchant_start_no_task(session, demo, on_behalf, fired):
    other = join(session, "lumiere-centre", "b@example.com").card
    fired.clear()
    started = admin_act.deactivate_cards(session, on_behalf.merchant_id, other.card_number, False, "x", on_behalf)
    assert (started.task, started.unknown, fired) == (None, [other.card_number], [])


def test_restore_points_is_an_admin_adjustment_with_the_reason(session, demo, on_behalf):
    card = join(session, "atelier-ville", "a@example.com").card
    tx, card = admin_act.restore_points(
        session, on_behalf.merchant_id, card.card_number, 300, "Points lost in import", on_behalf
    )
    assert (tx.type, tx.points_delta, tx.reason, tx.acting_admin_id) == (
        "admin_adjustment",
        300,
        "Points lost in import",
        on_behalf.acting_admin_id,
    )
    assert card.points_balance == 350
    with pytest.raises(errors.ValidationFailed) as refused:
        admin_act.restore_points(session, on_behalf.merchant_id, card.card_number, -5, "x", on_behalf)
    assert refused.value.fields == {"points_delta": ["out_of_range"]}


def test_pins_assigned_on_behalf_are_audited_with_the_admin(session, demo, on_behalf):
    store = demo["stores"]["atelier-kirchberg"]
    rows = admin_act.assign_pins(session, on_behalf.merchant_id, store.id, "Nina, 2580\nOtto, 3691", on_behalf)
    assert [r.staff_name for r in rows] == ["Nina", "Otto"]
    audits = session.exec(
        select(AuditLog).where(
            AuditLog.action == "staff_pin.create", AuditLog.acting_admin_id == on_behalf.acting_admin_id
        )
    ).all()
    assert len(audits) == 2
    with pytest.raises(errors.StoreNotFound):
        admin_act.assign_pins(
            session, on_behalf.merchant_id, demo["stores"]["lumiere-centre"].id, "Eve, 1111", on_behalf
        )
    assert session.exec(select(StaffPin).where(StaffPin.staff_name == "Eve")).first() is None


def test_only_an_admin_acting_for_this_merchant_may_use_these(session, demo, actors, on_behalf, fired):
    join(session, "atelier-ville", "a@example.com")
    with pytest.raises(errors.PermissionDenied):
        admin_act.bonus_cards(session, on_behalf.merchant_id, "", True, 10, "x", actors["atelier_owner"])
    with pytest.raises(errors.PermissionDenied):
        admin_act.bonus_cards(session, demo["merchants"]["lumiere"].id, "", True, 10, "x", on_behalf)
    with pytest.raises(errors.ValidationFailed):
        admin_act.bonus_cards(session, on_behalf.merchant_id, "  ", False, 10, "x", on_behalf)
