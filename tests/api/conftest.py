"""API test fixtures: the demo accounts in a clean SQLite database, a client per test, sign-in helpers."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from loyalty_app.api.app import create_api
from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, ATELIER_STAFF, LUMIERE_OWNER, LUMIERE_STAFF, PINS
from loyalty_app.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from tests.conftest import _clean

USERS = {
    "admin": ADMIN_EMAIL,
    "lumiere_owner": LUMIERE_OWNER,
    "lumiere_staff": LUMIERE_STAFF,
    "atelier_owner": ATELIER_OWNER,
    "atelier_staff": ATELIER_STAFF,
}
PIN = PINS  # the demo staff PIN of each store


@pytest.fixture
def db(sqlite_engine):
    """A session on the app's own database, emptied and holding the demo accounts.

    SQLite: a read here holds the write lock until commit, so read after the API calls (or commit).
    """
    _clean(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as session:
        session.info["demo"] = create_demo_accounts(session)
        yield session


@pytest.fixture
def demo(db) -> dict:
    return db.info["demo"]


@pytest.fixture
def client(db):
    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def headers(client):
    """headers("lumiere_owner") -> the Authorization header of that demo account (signed in once)."""
    cache: dict[str, dict] = {}

    def get(who: str) -> dict:
        if who not in cache:
            r = client.post("/api/v1/auth/login", json={"email": USERS[who], "password": DEMO_PASSWORD})
            assert r.status_code == 200, r.text
            cache[who] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        return cache[who]

    return get


@pytest.fixture
def join(client):
    """join(store, email, **fields) -> the enrollment answer (a CARD under "card")."""

    def enroll(store: str = "lumiere-centre", email: str = "ada@example.com", **fields) -> dict:
        body = {"email": email, "first_name": "Ada", "accept_terms": True, **fields}
        r = client.post(f"/api/v1/storefront/{store}/enroll", json=body)
        assert r.status_code in (200, 201), r.text
        return r.json()

    return enroll


def error_code(response) -> str:
    return response.json()["error"]["code"]
