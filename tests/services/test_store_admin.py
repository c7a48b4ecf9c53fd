"""Stores of a merchant: create with a unique url-safe code, rename, describe, deactivate and reactivate, audited."""

import pytest
from sqlmodel import select

from loyalty_app.models import AuditLog, Store
from loyalty_app.services import errors
from loyalty_app.services.merchant import stores as store_admin


def test_owner_creates_deactivates_and_reactivates_a_store(session, demo, actors):
    m = demo["merchants"]["lumiere"].id
    owner = actors["lumiere_owner"]
    store = store_admin.create_store(session, m, " Lumiere-Kirchberg ", "Café Lumière Kirchberg", owner)
    assert (store.code, store.merchant_id, store.is_active) == ("lumiere-kirchberg", m, True)
    assert store_admin.set_store_active(session, m, store.id, False, owner).is_active is False
    assert store_admin.set_store_active(session, m, store.id, True, owner).is_active is True
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity_type == "Store")).all()
    assert actions == ["store.create", "store.deactivate", "store.activate"]


def test_codes_are_url_safe_and_unique_and_names_required(session, demo, actors):
    m, owner = demo["merchants"]["lumiere"].id, actors["lumiere_owner"]
    with pytest.raises(errors.ValidationFailed) as bad:
        store_admin.create_store(session, m, "no spaces/please", "", owner)
    assert bad.value.fields == {"code": ["invalid_code"], "name": ["required"]}
    with pytest.raises(errors.AlreadyExists):
        store_admin.create_store(session, m, "atelier-ville", "Mine now", owner)


def test_another_merchants_owner_can_neither_create_nor_touch_the_stores(session, demo, actors):
    lumiere, gare = demo["merchants"]["lumiere"].id, demo["stores"]["lumiere-gare"]
    with pytest.raises(errors.PermissionDenied):
        store_admin.create_store(session, lumiere, "sneaky", "Sneaky", actors["atelier_owner"])
    atelier = demo["merchants"]["atelier"].id
    with pytest.raises(errors.StoreNotFound):
        store_admin.update_store(session, atelier, gare.id, "Taken", {}, actors["atelier_owner"])
    with pytest.raises(errors.PermissionDenied):
        store_admin.set_store_active(session, lumiere, gare.id, False, actors["lumiere_staff"])


def _updates(session) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == "store.update")))


def test_owner_edits_name_and_description_per_language_in_one_audited_change(session, demo, actors):
    m, centre = demo["merchants"]["lumiere"].id, demo["stores"]["lumiere-centre"]
    described = {
        "en": " Our first café, now with a terrace. ",
        "fr": "Notre premier café, avec terrasse.",
        "de": "",
        "lb": "   ",
    }
    store_admin.update_store(session, m, centre.id, "Lumière Centre", described, actors["lumiere_owner"])
    session.expire_all()
    store = session.get(Store, centre.id)
    assert store.name == "Lumière Centre"
    assert store.description == {
        "en": "Our first café, now with a terrace.",
        "fr": "Notre premier café, avec terrasse.",
    }
    [row] = _updates(session)
    assert row.old_values["name"] == "Café Lumière Centre" and row.old_values["description"]["de"]
    assert row.new_values == {"name": "Lumière Centre", "description": store.description}
    store_admin.update_store(session, m, centre.id, "Lumière Centre", store.description, actors["lumiere_owner"])
    assert len(_updates(session)) == 1


def test_a_description_of_500_characters_per_language_is_accepted(session, demo, actors):
    m, centre = demo["merchants"]["lumiere"].id, demo["stores"]["lumiere-centre"]
    store_admin.update_store(session, m, centre.id, "Centre", {"lb": "é" * 500}, actors["lumiere_owner"])
    session.expire_all()
    assert session.get(Store, centre.id).description == {"lb": "é" * 500}


def test_too_long_or_foreign_language_descriptions_and_other_owners_are_refused_and_nothing_changes(
    session, demo, actors
):
    m, centre = demo["merchants"]["lumiere"].id, demo["stores"]["lumiere-centre"]
    before = (centre.name, dict(centre.description))
    with pytest.raises(errors.ValidationFailed) as bad:
        store_admin.update_store(session, m, centre.id, "", {"en": "ok", "fr": "é" * 501}, actors["lumiere_owner"])
    assert bad.value.fields == {"description_fr": ["too_long"], "name": ["required"]}
    with pytest.raises(errors.ValidationFailed) as bad:
        store_admin.update_store(session, m, centre.id, "Centre", {"pt": "Olá"}, actors["lumiere_owner"])
    assert bad.value.fields == {"description": ["invalid_choice"]}
    with pytest.raises(errors.PermissionDenied):
        store_admin.update_store(session, m, centre.id, "Mine", {"en": "x"}, actors["atelier_owner"])
    with pytest.raises(errors.StoreNotFound):
        store_admin.update_store(
            session, demo["merchants"]["atelier"].id, centre.id, "Mine", {}, actors["atelier_owner"]
        )
    session.expire_all()
    store = session.get(Store, centre.id)
    assert (store.name, store.description) == before
    assert _updates(session) == []
