"""Stores of a merchant: create with a unique url-safe code, rename, deactivate and reactivate, audited."""

import pytest
from sqlmodel import select

from loyalty_app.models import AuditLog
from loyalty_app.services import errors, store_admin


def test_owner_creates_renames_deactivates_and_reactivates_a_store(session, demo, actors):
    m = demo["merchants"]["lumiere"].id
    owner = actors["lumiere_owner"]
    store = store_admin.create_store(session, m, " Lumiere-Kirchberg ", "Café Lumière Kirchberg", owner)
    assert (store.code, store.merchant_id, store.is_active) == ("lumiere-kirchberg", m, True)
    assert store_admin.rename_store(session, m, store.id, "  Lumière K  ", owner).name == "Lumière K"
    assert store_admin.set_store_active(session, m, store.id, False, owner).is_active is False
    assert store_admin.set_store_active(session, m, store.id, True, owner).is_active is True
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity_type == "Store")).all()
    assert actions == ["store.create", "store.rename", "store.deactivate", "store.activate"]


def test_codes_are_url_safe_and_unique_and_names_required(session, demo, actors):
    m, owner = demo["merchants"]["lumiere"].id, actors["lumiere_owner"]
    with pytest.raises(errors.ValidationFailed) as bad:
        store_admin.create_store(session, m, "no spaces/please", "", owner)
    assert bad.value.fields == {"code": "invalid_code", "name": "required"}
    with pytest.raises(errors.AlreadyExists):
        store_admin.create_store(session, m, "atelier-ville", "Mine now", owner)


def test_another_merchants_owner_can_neither_create_nor_touch_the_stores(session, demo, actors):
    lumiere, gare = demo["merchants"]["lumiere"].id, demo["stores"]["lumiere-gare"]
    with pytest.raises(errors.PermissionDenied):
        store_admin.create_store(session, lumiere, "sneaky", "Sneaky", actors["atelier_owner"])
    atelier = demo["merchants"]["atelier"].id
    with pytest.raises(errors.StoreNotFound):
        store_admin.rename_store(session, atelier, gare.id, "Taken", actors["atelier_owner"])
    with pytest.raises(errors.PermissionDenied):
        store_admin.set_store_active(session, lumiere, gare.id, False, actors["lumiere_staff"])
