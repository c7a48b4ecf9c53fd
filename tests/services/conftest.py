"""Fixtures for service tests: quicker clean-up and demo data, the demo's actors, a recorder for effects.

Setting up dominates these tests (hundreds of them, each on two databases), so a module marked
`quick_setup` gets faster drop-ins for the shared `engine` and `demo` of tests/conftest.py. They leave
the database in the same state, except that PostgreSQL may return rows read without ORDER BY in
another order after DELETE than after TRUNCATE; hence opt-in, not for every module.
"""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, ATELIER_STAFF, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.demo.accounts import create_demo_accounts, get_user
from loyalty_app.models import Merchant, StaffPin, Store
from loyalty_app.services import effects
from loyalty_app.services.events import Event
from loyalty_app.services.staff import accounts
from tests.conftest import DATABASES, _clean


def _delete_all(engine: sa.Engine) -> None:
    """Empty every table, children first, and restart the ids, like tests/conftest.py's `_clean`.

    Its TRUNCATE costs about 100 ms a test on PostgreSQL; DELETE on these tiny tables plus setval, a few.
    """
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        for table in tables:
            conn.execute(table.delete())
        if engine.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement:
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)")


def pytest_configure(config):
    config.addinivalue_line("markers", "quick_setup: clean with DELETE and copy the demo rows (see tests/services)")


def _quick(request) -> bool:
    return request.node.get_closest_marker("quick_setup") is not None


@pytest.fixture(params=DATABASES)
def engine(request) -> sa.Engine:
    """tests/conftest.py's `engine` (each test on SQLite and on PostgreSQL), with the quicker clean-up if marked."""
    engine = request.getfixturevalue(f"{'sqlite' if request.param == 'sqlite' else 'pg'}_engine")
    (_delete_all if _quick(request) else _clean)(engine)
    return engine


_DEMO_ROWS: dict[str, list[tuple[sa.Table, list[dict]]]] = {}


@pytest.fixture
def demo(request, session) -> dict:
    """The shared fixture's demo data: built by create_demo_accounts once per database, then copied in.

    The copy is the same rows with the same ids (ids restart at 1 after each clean-up), without the
    bcrypt hashing and the ORM round trips of building it again. Only ever from and into an empty
    database: when another fixture wrote rows first, the demo is built the ordinary way.
    """
    dialect = session.get_bind().dialect.name
    if not _quick(request) or not _is_empty(session):
        return create_demo_accounts(session)
    if dialect not in _DEMO_ROWS:
        built = create_demo_accounts(session)
        conn = session.connection()
        _DEMO_ROWS[dialect] = [
            (t, [dict(r._mapping) for r in conn.execute(t.select())]) for t in SQLModel.metadata.sorted_tables
        ]
        session.commit()
        return built
    _copy_rows(session, _DEMO_ROWS[dialect])
    merchants = session.exec(select(Merchant).order_by(Merchant.id)).all()
    stores = {s.code: s for s in session.exec(select(Store).order_by(Store.id))}
    code_of = {s.id: code for code, s in stores.items()}
    return {
        "merchants": dict(zip(("lumiere", "atelier"), merchants, strict=True)),
        "stores": stores,
        "staff": {code_of[p.store_id]: p for p in session.exec(select(StaffPin).order_by(StaffPin.id))},
    }


def _is_empty(session: Session) -> bool:
    tables = SQLModel.metadata.sorted_tables
    return not any(session.execute(sa.select(*[sa.exists(t.select()) for t in tables])).one())


def _copy_rows(session: Session, tables: list[tuple[sa.Table, list[dict]]]) -> None:
    conn = session.connection()
    for table, rows in tables:
        if rows:
            conn.execute(table.insert(), rows)
            if conn.dialect.name == "postgresql" and "id" in table.c and table.c.id.autoincrement:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {max(r['id'] for r in rows)})"
                )
    session.commit()


DEMO_USERS = {
    "admin": ADMIN_EMAIL,
    "lumiere_owner": LUMIERE_OWNER,
    "lumiere_staff": LUMIERE_STAFF,
    "atelier_owner": ATELIER_OWNER,
    "atelier_staff": ATELIER_STAFF,
}


@pytest.fixture
def actors(session, demo) -> dict:
    """An Actor per demo account, with the real user ids the ledger rows point at."""
    return {
        key: accounts.actor_for(get_user(session, email), ip_address="203.0.113.7", user_agent="pytest")
        for key, email in DEMO_USERS.items()
    }


@pytest.fixture
def fired(monkeypatch) -> list[Event]:
    """Every event fired after a commit, in order, instead of the real handlers."""
    seen: list[Event] = []

    class _RecordEverything(dict):
        def get(self, event_type, default=None):
            return [seen.append]

    monkeypatch.setattr(effects, "_handlers", _RecordEverything())
    return seen
