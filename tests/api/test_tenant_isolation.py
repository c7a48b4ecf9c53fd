"""Tenant isolation, generated from the route table: every scoped route, called by the other merchant.

For each route of the app (read from `app.routes`) that names a store, a card, a PIN, a ledger row or
a merchant, users of the *other* demo merchant (owner and store staff) call it with plausible bodies
built from the route's own request schema. Each call must answer 403 or 404, leak nothing, and leave
the ledger, the audit log, PINs, sales, cards and programs exactly as they were.
"""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import Session, select

from jobs.tasks import run_task
from loyalty_app.api.app import create_api
from loyalty_app.models import (
    AuditLog,
    BackgroundTask,
    Customer,
    LoyaltyCard,
    LoyaltyProgram,
    LoyaltyTransaction,
    Sale,
    StaffPin,
)

from .conftest import PIN

API = create_api()
OPENAPI = API.openapi()
# Public by design (the storefront, sign-in, health) or scoped by their own secret (PassKit devices).
PUBLIC = ("/api/v1/auth/", "/api/v1/storefront/", "/api/v1/health", "/api/v1/apple/")


def _scoped_routes() -> list[tuple[str, str]]:
    routes = []
    for ctx in iter_route_contexts(API.routes):
        if isinstance(ctx.original_route, APIRoute) and ctx.include_in_schema and not ctx.path.startswith(PUBLIC):
            routes += [(method, ctx.path) for method in sorted(ctx.methods - {"HEAD"})]
    return routes


ROUTES = _scoped_routes()


def test_the_generator_sees_every_scoped_route_of_the_schema():
    documented = {(m.upper(), p) for p, ops in OPENAPI["paths"].items() for m in ops if not p.startswith(PUBLIC)}
    assert set(ROUTES) == documented and len(ROUTES) >= 20


@dataclass
class Tenant:
    merchant_id: int
    store: str
    card_id: int
    card_number: str
    transaction_id: int
    pin_id: int
    task_id: int


def _setup(client, headers, demo, key: str, store: str) -> Tenant:
    enrolled = client.post(
        f"/api/v1/storefront/{store}/enroll",
        json={"email": f"victim@{key}.example", "first_name": "Vic", "accept_terms": True},
    )
    card = enrolled.json()["card"]
    owner = headers(f"{key}_owner")
    op = ("stamps", {}) if key == "lumiere" else ("points/earn", {"purchase_amount_cents": 2500})
    r = client.post(
        f"/api/v1/stores/{store}/{op[0]}",
        headers=owner,
        json={"card_number": card["card_number"], "staff_pin": PIN[store], **op[1]},
    )
    assert r.status_code == 201, r.text
    export = client.post("/api/v1/merchant/exports", headers=owner, json={"kind": "cards"})
    assert export.status_code == 202, export.text
    run_task(export.json()["id"])  # a finished export: its file holds the victim's card number, a leak would show
    return Tenant(
        demo["merchants"][key].id,
        store,
        card["id"],
        card["card_number"],
        r.json()["transaction"]["id"],
        demo["staff"][store].id,
        export.json()["id"],
    )


def _plausible(victim: Tenant) -> dict:
    return {
        "card_number": victim.card_number,
        "staff_pin": PIN[victim.store],
        "purchase_amount_cents": 1000,
        "reward_id": "voucher-5",
        "points_delta": 10,
        "reason": "isolation check",
        "amount_cents": 1000,
        "order_reference": "ISO-1",
        "store_code": victim.store,
        "staff_name": "Mallory",
        "pin": "9999",
        "lines": "Mallory, 9999",
        "notes": "isolation check",
        "welcome_bonus_points": 999,
        "card_name": "Hacked",
        "q": victim.card_number,
        "merchant_id": victim.merchant_id,
        "action": "bonus",
        "card_ids": [victim.card_id],
        "points": 10,
        "kind": "cards",
    }


def _schema(ref_or_schema: dict) -> dict:
    for option in ref_or_schema.get("anyOf", [ref_or_schema]):
        if "$ref" in option:
            return OPENAPI["components"]["schemas"][option["$ref"].rsplit("/", 1)[-1]]
    return ref_or_schema


def _request(method: str, path: str, victim: Tenant, *, with_merchant_id: bool) -> dict:
    op = OPENAPI["paths"][path][method.lower()]
    values = _plausible(victim)
    url = path.format(
        store_code=victim.store,
        card_id=victim.card_id,
        pin_id=victim.pin_id,
        transaction_id=victim.transaction_id,
        task_id=victim.task_id,
    )
    params = {
        p["name"]: values[p["name"]]
        for p in op.get("parameters", [])
        if p["in"] == "query" and p["name"] in values and (p["name"] != "merchant_id" or with_merchant_id)
    }
    for p in op.get("parameters", []):
        assert not p.get("required") or p["in"] == "path" or p["name"] in params, f"no plausible {p['name']}"
    body = None
    if "requestBody" in op:
        schema = _schema(op["requestBody"]["content"]["application/json"]["schema"])
        body = {name: values[name] for name in schema["properties"] if name in values}
        missing = set(schema.get("required", [])) - set(body)
        assert not missing, f"no plausible value for {missing} of {method} {path}"
    return {"method": method, "url": url, "params": params, "json": body}


def _state(engine) -> tuple:
    """Everything a leaked write could change, in one tuple."""
    with Session(engine) as s:
        counts = tuple(
            s.exec(select(sa.func.count()).select_from(m)).one()
            for m in (LoyaltyTransaction, AuditLog, StaffPin, Sale, LoyaltyCard, Customer, BackgroundTask)
        )
        pins = tuple(
            s.exec(
                select(
                    StaffPin.staff_name, StaffPin.is_active, StaffPin.failed_attempts, StaffPin.locked_until
                ).order_by(StaffPin.id)
            )
        )
        cards = tuple(
            s.exec(
                select(LoyaltyCard.points_balance, LoyaltyCard.stamp_count, LoyaltyCard.is_active).order_by(
                    LoyaltyCard.id
                )
            )
        )
        programs = tuple(s.exec(select(LoyaltyProgram.updated_at).order_by(LoyaltyProgram.id)))
    return counts, pins, cards, programs


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_other_merchant_cannot_reach(method, path, client, headers, demo, sqlite_engine):
    tenants = {
        "lumiere": _setup(client, headers, demo, "lumiere", "lumiere-centre"),
        "atelier": _setup(client, headers, demo, "atelier", "atelier-ville"),
    }
    before = _state(sqlite_engine)
    calls = 0
    for attacker, victim_key in (("atelier", "lumiere"), ("lumiere", "atelier")):
        victim = tenants[victim_key]
        for role in ("owner", "staff"):
            variants = [True]
            if path.startswith("/api/v1/merchant/") and "{" in path:
                variants.append(False)  # the victim's ids under the attacker's own merchant
            for with_merchant_id in variants:
                request = _request(method, path, victim, with_merchant_id=with_merchant_id)
                r = client.request(**request, headers=headers(f"{attacker}_{role}"))
                calls += 1
                assert r.status_code in (403, 404), f"{attacker}_{role}: {request} -> {r.status_code} {r.text}"
                assert victim.card_number not in r.text
    assert calls >= 4
    assert _state(sqlite_engine) == before
