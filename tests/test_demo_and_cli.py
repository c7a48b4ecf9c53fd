"""The demo data other work relies on, and the operator commands around it."""

import os
import subprocess
import sys

import pytest
from sqlmodel import Session, select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, ATELIER_STAFF, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Sale, StaffPin, Store, User
from loyalty_app.services.ledger.journal import find_mismatches
from loyalty_app.services.staff import accounts

pytestmark = pytest.mark.usefixtures("sqlite_engine")


@pytest.fixture
def seeded(sqlite_engine):
    from loyalty_app.demo.seed import seed_demo
    from tests.conftest import _clean

    _clean(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        counts = seed_demo(session, customers=(24, 16))
        yield session, counts


def test_demo_logins_exist_with_the_demo_password(seeded):
    session, _ = seeded
    expected = {
        ADMIN_EMAIL: ("platform_admin", None),
        LUMIERE_OWNER: ("merchant_owner", None),
        LUMIERE_STAFF: ("store_staff", "lumiere-centre"),
        ATELIER_OWNER: ("merchant_owner", None),
        ATELIER_STAFF: ("store_staff", "atelier-ville"),
    }
    for email, (role, store_code) in expected.items():
        user = accounts.authenticate(session, email, DEMO_PASSWORD)
        assert user.role == role
        store = session.get(Store, user.store_id) if user.store_id else None
        assert (store.code if store else None) == store_code


def test_demo_programs_match_the_fixed_settings(seeded):
    session, _ = seeded
    by_type = {p.loyalty_type: p for p in session.exec(select(LoyaltyProgram))}
    stamps, points = by_type["stamps"], by_type["points"]
    assert (
        stamps.stamps_target,
        stamps.stamps_reward_description,
        stamps.cooldown_minutes,
        stamps.max_stamps_per_day,
        stamps.pin_required,
        stamps.cross_location,
    ) == (10, "Free coffee", 15, 5, True, True)
    assert (
        points.points_per_euro,
        points.min_purchase_cents,
        points.welcome_bonus_points,
        points.points_expiry_days,
        points.pin_required,
        points.cross_location,
    ) == (10.0, 500, 50, 365, True, False)
    assert [(r["id"], r["name"], r["points_cost"]) for r in points.rewards] == [
        ("voucher-5", "5 EUR voucher", 500),
        ("voucher-15", "15 EUR voucher", 1200),
    ]


def test_demo_stores_and_staff_pins(seeded):
    session, _ = seeded
    stores = {s.code: s for s in session.exec(select(Store))}
    assert stores["lumiere-centre"].name == "Café Lumière Centre"
    assert stores["lumiere-gare"].name == "Café Lumière Gare"
    assert {"atelier-ville", "atelier-kirchberg"} <= set(stores)
    pins = {(session.get(Store, p.store_id).code, p.staff_name) for p in session.exec(select(StaffPin))}
    assert {("lumiere-centre", "Marie"), ("lumiere-gare", "Luc"), ("atelier-ville", "Sophie")} <= pins


def test_demo_history_is_balanced_and_spread_over_time(seeded):
    session, counts = seeded
    assert counts["customers"] == 40
    assert counts["stamps"] > 0 and counts["earns"] > 0 and counts["anonymous_sales"] > 0
    assert find_mismatches(session) == []
    enrolled = sorted(c.created_at for c in session.exec(select(LoyaltyCard)))
    assert (enrolled[-1] - enrolled[0]).days > 90
    assert {c.locale for c in session.exec(select(Customer))} == {"en", "fr", "de", "lb"}
    assert session.exec(select(Sale).where(Sale.card_id.is_(None))).first() is not None
    assert session.exec(select(Sale).where(Sale.card_id.is_not(None))).first() is not None
    assert session.exec(select(User)).all()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loyalty_app.cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_check_ledger_passes_on_the_seeded_database_and_fails_on_a_tampered_balance(seeded):
    session, _ = seeded
    ok = _cli("check-ledger")
    assert ok.returncode == 0, ok.stderr
    assert "0 mismatches" in ok.stdout
    card = session.exec(select(LoyaltyCard).where(LoyaltyCard.points_balance > 0)).first()
    card.points_balance += 7
    session.add(card)
    session.commit()
    session.commit()
    bad = _cli("check-ledger")
    assert bad.returncode == 1
    assert card.card_number in bad.stderr


def test_seed_if_empty_leaves_an_existing_database_alone(seeded):
    session, _ = seeded
    before = len(session.exec(select(LoyaltyCard)).all())
    session.commit()  # end the read: on SQLite every transaction holds the write lock (BEGIN IMMEDIATE)
    result = _cli("seed", "--if-empty")
    assert result.returncode == 0
    assert "skipped" in result.stdout
    session.expire_all()
    assert len(session.exec(select(LoyaltyCard)).all()) == before
