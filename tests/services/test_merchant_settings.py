"""A merchant's own settings: name, IANA time zone and default language, validated together, audited, owners only."""

import pytest
from sqlmodel import select

from loyalty_app.models import AuditLog, Merchant
from loyalty_app.services import errors
from loyalty_app.services.context import Actor
from loyalty_app.services.events import ProgramChanged
from loyalty_app.services.merchant import settings as merchant_settings

pytestmark = pytest.mark.quick_setup


def _settings_rows(session) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == "merchant.settings")))


def _reloaded(session, merchant_id: int) -> dict:
    session.expire_all()
    return merchant_settings.snapshot(session.get(Merchant, merchant_id))


def test_owner_renames_and_moves_the_merchant_and_one_audit_row_says_what_changed(session, demo, actors, fired):
    m = demo["merchants"]["lumiere"].id
    merchant_settings.update_settings(
        session,
        m,
        {"name": "  Café Lumière & Fils ", "timezone": "america/new_york", "default_locale": "lb"},
        actors["lumiere_owner"],
    )
    assert _reloaded(session, m) == {
        "name": "Café Lumière & Fils",
        "timezone": "America/New_York",
        "default_locale": "lb",
    }
    [row] = _settings_rows(session)
    assert (row.merchant_id, row.entity_type, row.entity_id, row.actor_user_id) == (
        m,
        "Merchant",
        m,
        actors["lumiere_owner"].user_id,
    )
    assert row.old_values == {"name": "Café Lumière", "timezone": "Europe/Luxembourg", "default_locale": "fr"}
    assert row.new_values == {"name": "Café Lumière & Fils", "timezone": "America/New_York", "default_locale": "lb"}
    assert [type(e) for e in fired] == [ProgramChanged]  # the wallet passes carry the name and language


def test_saving_the_same_values_writes_no_audit_row_and_resends_no_pass(session, demo, actors, fired):
    m = demo["merchants"]["lumiere"].id
    merchant_settings.update_settings(
        session, m, {"name": "Café Lumière", "timezone": "Europe/Luxembourg"}, actors["lumiere_owner"]
    )
    merchant_settings.update_settings(session, m, {"timezone": "UTC"}, actors["lumiere_owner"])
    assert [r.new_values for r in _settings_rows(session)] == [{"timezone": "UTC"}]
    assert fired == []  # a time zone is not on the passes


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, {"timezone": ["invalid_timezone"]}),
        ({"timezone": "../../etc/passwd"}, {"timezone": ["invalid_timezone"]}),
        ({"timezone": "  "}, {"timezone": ["required"]}),
        ({"default_locale": "pt"}, {"default_locale": ["invalid_choice"]}),
        ({"default_locale": "FR"}, {"default_locale": ["invalid_choice"]}),
        ({"name": "x" * 201}, {"name": ["too_long"]}),
        ({"name": "   "}, {"name": ["required"]}),
        (
            {"name": "", "timezone": "Nowhere", "default_locale": ""},
            {"name": ["required"], "timezone": ["invalid_timezone"], "default_locale": ["invalid_choice"]},
        ),
        ({"currency": "EUR"}, {"currency": ["unknown_field"]}),
    ],
)
def test_bad_values_are_refused_field_by_field_and_nothing_changes(session, demo, actors, changes, problems):
    m = demo["merchants"]["lumiere"].id
    before = _reloaded(session, m)
    with pytest.raises(errors.ValidationFailed) as refused:
        merchant_settings.update_settings(session, m, {"name": "Renamed", **changes}, actors["lumiere_owner"])
    assert refused.value.fields == problems
    assert _reloaded(session, m) == before
    assert _settings_rows(session) == []


def test_a_name_of_exactly_200_characters_is_accepted(session, demo, actors):
    m = demo["merchants"]["atelier"].id
    merchant_settings.update_settings(session, m, {"name": "y" * 200}, actors["atelier_owner"])
    assert _reloaded(session, m)["name"] == "y" * 200


def test_another_merchants_owner_and_store_staff_are_refused_and_nothing_changes(session, demo, actors):
    m = demo["merchants"]["lumiere"].id
    before = _reloaded(session, m)
    for who in ("atelier_owner", "lumiere_staff"):
        with pytest.raises(errors.PermissionDenied):
            merchant_settings.update_settings(session, m, {"name": "Hijacked"}, actors[who])
        with pytest.raises(errors.PermissionDenied):
            merchant_settings.get_settings(session, m, actors[who])
    assert _reloaded(session, m) == before
    assert _settings_rows(session) == []


def test_a_platform_admin_changes_them_on_behalf_and_is_recorded_as_the_acting_admin(session, demo, actors):
    m = demo["merchants"]["atelier"].id
    admin = actors["admin"]
    on_behalf = Actor(user_id=admin.user_id, role="platform_admin", merchant_id=m, acting_admin_id=admin.user_id)
    merchant_settings.update_settings(session, m, {"default_locale": "en"}, on_behalf)
    assert merchant_settings.get_settings(session, m, on_behalf)["default_locale"] == "en"
    [row] = _settings_rows(session)
    assert (row.acting_admin_id, row.merchant_id, row.new_values) == (admin.user_id, m, {"default_locale": "en"})


def test_a_deleted_merchant_cannot_be_changed(session, demo, actors):
    merchant = demo["merchants"]["atelier"]
    merchant.deleted_at = merchant.created_at
    session.add(merchant)
    session.commit()
    with pytest.raises(errors.NotFound):
        merchant_settings.update_settings(session, merchant.id, {"name": "Back"}, actors["admin"])


def test_the_offered_zones_are_canonical_and_all_accepted():
    choices = merchant_settings.timezone_choices()
    assert "Europe/Luxembourg" in choices and "UTC" in choices
    assert "US/Eastern" not in choices and "EST5EDT" not in choices
    assert all(merchant_settings.canonical_timezone(z) == z for z in choices)
