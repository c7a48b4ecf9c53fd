"""The back-office writes answer to one rule (context.require_manager): the merchant's owner, an admin, the system."""

import pytest

from loyalty_app.services import errors
from loyalty_app.services.admin import trash
from loyalty_app.services.ledger import points
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.staff import scope
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models

from .support import join

REFUSED = ("lumiere_staff", "atelier_owner", "atelier_staff")


def _writes(session, demo):
    lumiere = demo["merchants"]["lumiere"].id
    card = join(session, "lumiere-centre", "ada@example.com").card
    return lumiere, {
        "adjust points": lambda a: points.adjust_points(session, lumiere, card.id, 10, "goodwill", a),
        "create a program": lambda a: programs.create_program(session, lumiere, {}, a),
        "update the program": lambda a: programs.update_program(session, lumiere, {"card_name": "Café"}, a),
        "move a card to the trash": lambda a: trash.soft_delete_card(session, lumiere, card.id, a),
    }


@pytest.mark.parametrize("who", REFUSED)
def test_staff_and_other_merchants_may_not_run_a_merchants_back_office(session, demo, actors, who):
    _, writes = _writes(session, demo)
    for name, write in writes.items():
        with pytest.raises(errors.PermissionDenied):
            write(actors[who])
            pytest.fail(f"{who} could {name}")


def test_the_owner_adjusts_points_and_edits_the_program(session, demo, actors):
    _, writes = _writes(session, demo)
    owner = actors["lumiere_owner"]
    assert writes["adjust points"](owner)[1].points_balance > 0
    assert writes["update the program"](owner).card_name == "Café"
    with pytest.raises(errors.AlreadyExists):
        writes["create a program"](owner)


def test_only_the_merchants_managers_may_dismiss_its_task(session, demo, actors, fired):
    lumiere, _ = _writes(session, demo)
    card = join(session, "lumiere-centre", "ben@example.com").card
    task = tasks.start_bulk(session, lumiere, "bulk_bonus", [card.id], actors["lumiere_owner"], points=5, reason="x")
    task.status = "succeeded"
    session.add(task)
    session.commit()
    for who in REFUSED:
        with pytest.raises(errors.TaskNotFound):
            tasks.dismiss(session, task.id, actors[who])
    tasks.dismiss(session, task.id, actors["lumiere_owner"])
    assert read_models.latest(session, lumiere, tasks.AREAS["bulk"], actors["lumiere_owner"]) is None


def test_only_a_platform_admin_opens_the_admin_console_and_is_recorded_as_acting_admin(actors):
    admin = scope.as_platform_admin(actors["admin"])
    assert admin.acting_admin_id == actors["admin"].user_id
    for who in ("lumiere_owner", "lumiere_staff"):
        with pytest.raises(errors.PermissionDenied):
            scope.as_platform_admin(actors[who])
