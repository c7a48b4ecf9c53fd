import pytest
from sqlmodel import select

from loyalty_app.demo.accounts import LUMIERE_PROGRAM
from loyalty_app.models import AuditLog, LoyaltyProgram, Merchant
from loyalty_app.services import errors
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.events import ProgramChanged
from loyalty_app.services.merchant import program as programs

from .support import NOW

pytestmark = pytest.mark.quick_setup

VALID = {**programs.snapshot(LoyaltyProgram()), "stamps_reward_description": "Free coffee"}


def problems(**changes) -> dict[str, list[str]]:
    """The pure validation of a whole program: runs once, without a database."""
    try:
        programs.validate({**VALID, **changes})
    except errors.ValidationFailed as refused:
        return refused.fields
    return {}


@pytest.fixture
def merchant(session, demo):
    m = Merchant(name="Boulangerie Neuve")
    session.add(m)
    session.commit()
    return m


def test_the_defaults_with_a_reward_description_are_a_valid_program():
    assert problems() == {}


def test_create_program_fills_defaults_and_is_audited(session, merchant, actors):
    program = programs.create_program(
        session, merchant.id, {"stamps_reward_description": "Croissant"}, actors["admin"], now=NOW
    )
    assert (program.loyalty_type, program.stamps_target, program.cooldown_minutes, program.max_stamps_per_day) == (
        "stamps",
        10,
        15,
        5,
    )
    assert (program.pin_required, program.cross_location, program.points_expiry_days) == (True, True, 365)
    assert program.created_at == NOW
    [audit] = session.exec(
        select(AuditLog).where(AuditLog.action == "program.create", AuditLog.merchant_id == merchant.id)
    ).all()
    assert audit.new_values["stamps_reward_description"] == "Croissant" and audit.old_values is None


def test_a_merchant_has_one_program(session, demo):
    with pytest.raises(errors.AlreadyExists):
        programs.create_program(session, demo["merchants"]["lumiere"].id, LUMIERE_PROGRAM, SYSTEM)


def test_create_program_refuses_invalid_values_and_writes_nothing(session, merchant):
    with pytest.raises(errors.ValidationFailed) as caught:
        programs.create_program(session, merchant.id, {"stamps_target": 0, "card_color": "red"}, SYSTEM)
    assert caught.value.fields == {
        "stamps_target": ["out_of_range"],
        "card_color": ["invalid_color"],
        "stamps_reward_description": ["required"],
    }
    assert session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant.id)).first() is None


@pytest.mark.parametrize("who", ["lumiere_owner", "atelier_staff"])
def test_create_program_for_another_merchant_or_by_staff_is_refused(session, demo, actors, who):
    merchant = Merchant(name="Other")
    session.add(merchant)
    session.commit()
    with pytest.raises(errors.PermissionDenied):
        programs.create_program(session, merchant.id, {"stamps_reward_description": "X"}, actors[who])


@pytest.mark.parametrize(
    "changes, field, problem",
    [
        ({"loyalty_type": "cashback"}, "loyalty_type", "invalid_choice"),
        ({"stamps_target": 0}, "stamps_target", "out_of_range"),
        ({"stamps_target": 1001}, "stamps_target", "out_of_range"),
        ({"stamps_target": True}, "stamps_target", "out_of_range"),
        ({"stamps_target": "10"}, "stamps_target", "out_of_range"),
        ({"points_per_euro": -0.5}, "points_per_euro", "out_of_range"),
        ({"points_per_euro": 1001}, "points_per_euro", "out_of_range"),
        ({"points_per_euro": False}, "points_per_euro", "out_of_range"),
        ({"min_purchase_cents": -1}, "min_purchase_cents", "out_of_range"),
        ({"welcome_bonus_points": -1}, "welcome_bonus_points", "out_of_range"),
        ({"welcome_bonus_points": 100_001}, "welcome_bonus_points", "out_of_range"),
        ({"cooldown_minutes": -1}, "cooldown_minutes", "out_of_range"),
        ({"cooldown_minutes": 1441}, "cooldown_minutes", "out_of_range"),
        ({"max_stamps_per_day": 0}, "max_stamps_per_day", "out_of_range"),
        ({"points_expiry_days": 0}, "points_expiry_days", "out_of_range"),
        ({"points_expiry_days": 3651}, "points_expiry_days", "out_of_range"),
        ({"pin_max_attempts": 0}, "pin_max_attempts", "out_of_range"),
        ({"pin_max_attempts": 21}, "pin_max_attempts", "out_of_range"),
        ({"pin_lockout_minutes": 0}, "pin_lockout_minutes", "out_of_range"),
        ({"pin_mode": "never"}, "pin_mode", "invalid_choice"),
        ({"pin_shift_idle_minutes": 0}, "pin_shift_idle_minutes", "out_of_range"),
        ({"pin_required": "yes"}, "pin_required", "invalid_choice"),
        ({"cross_location": None}, "cross_location", "invalid_choice"),
        ({"card_name": "   "}, "card_name", "required"),
        ({"card_name": "x" * 101}, "card_name", "required"),
        ({"card_color": "#12345"}, "card_color", "invalid_color"),
        ({"card_color": "blue"}, "card_color", "invalid_color"),
        ({"stamps_reward_description": "x" * 201}, "stamps_reward_description", "too_long"),
        ({"stamps_reward_description": "  "}, "stamps_reward_description", "required"),
        ({"logo_url": "javascript:alert(1)"}, "logo_url", "invalid_url"),
        ({"terms_url": "ftp://example.com/terms"}, "terms_url", "invalid_url"),
        ({"terms_url": "https://example.com/" + "x" * 500}, "terms_url", "invalid_url"),
        ({"terms_text": "x" * 10_001}, "terms_text", "too_long"),
    ],
)
def test_program_field_out_of_its_rules_is_refused(changes, field, problem):
    assert problems(**changes) == {field: [problem]}


@pytest.mark.parametrize(
    "changes",
    [
        {"stamps_target": 1},
        {"points_per_euro": 0},
        {"points_per_euro": 2.5},
        {"cooldown_minutes": 0},
        {"points_expiry_days": None},
        {"pin_max_attempts": None, "pin_lockout_minutes": None},
        {"pin_mode": "per_shift"},
        {"logo_url": "/assets/logo.png", "terms_url": "http://example.com/terms"},
        {"loyalty_type": "points", "stamps_reward_description": ""},
        {"loyalty_type": "hybrid"},
    ],
)
def test_program_values_within_the_rules_are_accepted(changes):
    assert problems(**changes) == {}


@pytest.mark.parametrize(
    "rewards, problem",
    [
        ("voucher", "invalid"),
        ([{"id": f"r{i}", "name": "R", "points_cost": 1} for i in range(51)], "invalid"),
        ([{"id": "Voucher 5", "name": "5 EUR", "points_cost": 500}], "invalid_reward_id"),
        (["voucher-5"], "invalid_reward_id"),
        ([{"name": "5 EUR", "points_cost": 500}], "invalid_reward_id"),
        ([{"id": "v5", "name": 5, "points_cost": 500}], "invalid_reward_name"),
        ([{"id": "v5", "points_cost": 500}], "invalid_reward_name"),
        ([{"id": "v5", "name": "5 EUR", "points_cost": 500, "description": 7}], "invalid_reward_description"),
        (
            [{"id": "v5", "name": "A", "points_cost": 1}, {"id": "v5", "name": "B", "points_cost": 2}],
            "duplicate_reward_id",
        ),
        ([{"id": "v5", "name": " ", "points_cost": 500}], "invalid_reward_name"),
        ([{"id": "v5", "name": "5 EUR", "points_cost": 0}], "invalid_points_cost"),
        ([{"id": "v5", "name": "5 EUR", "points_cost": "500"}], "invalid_points_cost"),
        ([{"id": "v5", "name": "5 EUR", "points_cost": 500, "description": "x" * 501}], "invalid_reward_description"),
    ],
)
def test_rewards_catalog_is_validated(rewards, problem):
    assert problems(rewards=rewards) == {"rewards": [problem]}


def test_update_program_changes_only_the_given_fields_and_audits_the_difference(session, demo, actors):
    merchant_id = demo["merchants"]["lumiere"].id
    program = programs.update_program(
        session, merchant_id, {"stamps_target": 8, "cooldown_minutes": 30}, actors["lumiere_owner"], now=NOW
    )
    assert (program.stamps_target, program.cooldown_minutes) == (8, 30)
    assert program.stamps_reward_description == "Free coffee"
    assert program.updated_at == NOW
    [audit] = session.exec(select(AuditLog).where(AuditLog.action == "program.update")).all()
    assert audit.old_values == {"stamps_target": 10, "cooldown_minutes": 15}
    assert audit.new_values == {"stamps_target": 8, "cooldown_minutes": 30}
    assert audit.actor_user_id == actors["lumiere_owner"].user_id


def test_update_program_normalizes_text_and_rewards(session, demo):
    program = programs.update_program(
        session,
        demo["merchants"]["atelier"].id,
        {
            "card_name": "  Atelier  ",
            "terms_text": "   ",
            "points_per_euro": 3,
            "rewards": [{"id": "scarf", "name": " Scarf ", "points_cost": 900, "description": "  "}],
        },
        SYSTEM,
    )
    session.expire_all()
    program = session.get(LoyaltyProgram, program.id)
    assert program.card_name == "Atelier" and program.terms_text is None
    assert program.points_per_euro == 3.0
    assert program.rewards == [{"id": "scarf", "name": "Scarf", "points_cost": 900, "description": None}]


def test_update_program_without_a_change_writes_no_audit_row(session, demo, fired):
    programs.update_program(session, demo["merchants"]["lumiere"].id, {"stamps_target": 10}, SYSTEM)
    assert session.exec(select(AuditLog).where(AuditLog.action == "program.update")).all() == []
    assert fired == []


def test_update_program_announces_the_change_for_the_wallet_classes(session, demo, fired):
    program = programs.update_program(session, demo["merchants"]["lumiere"].id, {"card_color": "#000000"}, SYSTEM)
    assert fired == [ProgramChanged(program.id)]


def test_update_program_refuses_a_malformed_catalog_instead_of_dropping_it(session, demo):
    merchant_id = demo["merchants"]["atelier"].id
    for rewards in (["voucher-5"], [{"id": "v5", "name": None, "points_cost": 5}]):
        with pytest.raises(errors.ValidationFailed):
            programs.update_program(session, merchant_id, {"rewards": rewards}, SYSTEM)
    session.expire_all()
    program = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id)).one()
    assert [r["id"] for r in program.rewards] == ["voucher-5", "voucher-15"]


def test_update_program_refuses_unknown_fields(session, demo):
    with pytest.raises(errors.ValidationFailed) as caught:
        programs.update_program(session, demo["merchants"]["lumiere"].id, {"id": 5, "google_class_id": "x"}, SYSTEM)
    assert caught.value.fields == {"google_class_id": ["unknown_field"], "id": ["unknown_field"]}


def test_update_program_refuses_invalid_values_and_keeps_the_old_ones(session, demo):
    merchant_id = demo["merchants"]["lumiere"].id
    with pytest.raises(errors.ValidationFailed) as caught:
        programs.update_program(session, merchant_id, {"stamps_target": 0, "max_stamps_per_day": 0}, SYSTEM)
    assert caught.value.fields == {"stamps_target": ["out_of_range"], "max_stamps_per_day": ["out_of_range"]}
    session.expire_all()
    program = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id)).one()
    assert (program.stamps_target, program.max_stamps_per_day) == (10, 5)


def test_switching_to_stamps_requires_a_reward_description(session, demo):
    with pytest.raises(errors.ValidationFailed) as caught:
        programs.update_program(session, demo["merchants"]["atelier"].id, {"loyalty_type": "hybrid"}, SYSTEM)
    assert caught.value.fields == {"stamps_reward_description": ["required"]}


@pytest.mark.parametrize("who", ["lumiere_staff", "atelier_owner"])
def test_update_program_by_staff_or_another_merchant_is_refused(session, demo, actors, who):
    with pytest.raises(errors.PermissionDenied):
        programs.update_program(session, demo["merchants"]["lumiere"].id, {"stamps_target": 1}, actors[who])


def test_update_program_of_a_merchant_without_one_is_refused(session, merchant):
    with pytest.raises(errors.ProgramNotFound):
        programs.update_program(session, merchant.id, {"stamps_target": 5}, SYSTEM)


def test_each_bad_reward_names_its_own_problem_once():
    rewards = [
        {"id": "Bad Id", "name": "A", "points_cost": 1},
        {"id": "b", "name": " ", "points_cost": 1},
        {"id": "c", "name": "", "points_cost": 2},
    ]
    assert problems(rewards=rewards) == {"rewards": ["invalid_reward_id", "invalid_reward_name"]}


def test_text_with_a_nul_character_is_refused_before_it_reaches_the_database():
    assert problems(card_name="Caf\x00e", rewards=[{"id": "v", "name": "A\x00", "points_cost": 1}]) == {
        "card_name": ["invalid"],
        "rewards": ["invalid_reward_name"],
    }


def test_the_table_model_keeps_the_rules_of_the_update_model():
    """One source of limits: the table's string lengths come from the same Field() as the checks."""
    columns = LoyaltyProgram.__table__.c
    assert (columns.card_name.type.length, columns.card_color.type.length, columns.terms_url.type.length) == (
        100,
        7,
        500,
    )
    assert problems(card_name="x" * 100) == {} and problems(card_name="x" * 101) == {"card_name": ["required"]}
