"""A merchant's stores: create, rename, describe, deactivate and reactivate (owners; admins on behalf)."""

import re

from sqlmodel import Session, select

from loyalty_app.i18n import LOCALES
from loyalty_app.models import Store
from loyalty_app.models.public import StorePublic
from loyalty_app.services import errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards.cards import get_store
from loyalty_app.services.context import Actor, require_manager

STORE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
DESCRIPTION_MAX = 500


def _name_problem(name: str) -> str | None:
    name = (name or "").strip()
    if not name:
        return "required"
    return "too_long" if len(name) > 200 else None


def _description_problems(description) -> dict[str, str]:
    """Problems keyed `description_<locale>`: one text per supported language, each at most 500 characters."""
    if not isinstance(description, dict) or set(description) - set(LOCALES):
        return {"description": "invalid_choice"}
    problems = {}
    for locale, text in description.items():
        if text is not None and not isinstance(text, str):
            problems[f"description_{locale}"] = "invalid"
        elif len((text or "").strip()) > DESCRIPTION_MAX:
            problems[f"description_{locale}"] = "too_long"
    return problems


def _own_store(session: Session, merchant_id: int, store_id: int) -> Store:
    store = session.get(Store, store_id)
    if store is None or store.merchant_id != merchant_id or store.deleted_at is not None:
        raise errors.StoreNotFound(store_id=store_id)
    return store


def create_store(session: Session, merchant_id: int, code: str, name: str, actor: Actor) -> Store:
    """A new store; its code is url-safe and unique on the whole platform (it is in the storefront URL)."""
    require_manager(actor, merchant_id)
    code = (code or "").strip().lower()
    problems = {}
    if not STORE_CODE.match(code):
        problems["code"] = "invalid_code"
    if problem := _name_problem(name):
        problems["name"] = problem
    if problems:
        raise errors.ValidationFailed(problems)
    if session.exec(select(Store.id).where(Store.code == code)).first() is not None:
        raise errors.AlreadyExists("This store code is taken.", field="code")
    store = Store(merchant_id=merchant_id, code=code, name=name.strip(), description={})
    session.add(store)
    session.flush()
    audit.record(session, actor, "store.create", store, None, {"code": code, "name": store.name})
    session.commit()
    return store


def update_store(
    session: Session, merchant_id: int, store_id: int, name: str, description: dict[str, str], actor: Actor
) -> Store:
    """Rename and describe a store at once; the description replaces the old one, empty languages dropped."""
    require_manager(actor, merchant_id)
    problems = _description_problems(description)
    if problem := _name_problem(name):
        problems["name"] = problem
    if problems:
        raise errors.ValidationFailed(problems)
    store = _own_store(session, merchant_id, store_id)
    before = {"name": store.name, "description": dict(store.description or {})}
    texts = {locale: (description.get(locale) or "").strip() for locale in LOCALES}
    after = {"name": name.strip(), "description": {locale: text for locale, text in texts.items() if text}}
    old, new = audit.diff(before, after)
    if new:
        store.name, store.description = after["name"], after["description"]  # a new dict: JSON columns track assignment
        session.add(store)
        audit.record(session, actor, "store.update", store, old, new)
        session.commit()
    return store


def set_store_active(session: Session, merchant_id: int, store_id: int, active: bool, actor: Actor) -> Store:
    """Deactivate (the terminal and storefront stop answering) or reactivate a store; cards stay."""
    require_manager(actor, merchant_id)
    store = _own_store(session, merchant_id, store_id)
    if store.is_active != active:
        store.is_active = active
        audit.record(
            session,
            actor,
            "store.activate" if active else "store.deactivate",
            store,
            {"is_active": not active},
            {"is_active": active},
        )
        session.commit()
    return store


def list_stores(session: Session, merchant_id: int) -> list[StorePublic]:
    """The merchant's live stores (active or not), by name."""
    rows = session.exec(
        select(Store).where(Store.merchant_id == merchant_id, Store.deleted_at.is_(None)).order_by(Store.name)
    )
    return [StorePublic.model_validate(s) for s in rows]


def merchant_store(session: Session, merchant_id: int, store_code: str) -> Store:
    """A store of this merchant (active or not); another merchant's store is not found."""
    store = get_store(session, store_code, include_inactive=True)
    if store.merchant_id != merchant_id:
        raise errors.StoreNotFound(store_code=store_code)
    return store
