"""Shared fixtures: a migrated SQLite database always, PostgreSQL whenever it is reachable.

LOYALTY_TEST_DATABASES (default "sqlite,postgresql") picks the databases the `engine` fixture runs each
test on; `make test-fast` sets it to "sqlite", so the PostgreSQL half is not even collected and the
PostgreSQL-only tests are skipped.
"""

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="loyalty-tests-"))
os.environ["LOYALTY_DATA_DIR"] = str(_TMP)
os.environ["LOYALTY_DATABASE_URL"] = f"sqlite:///{_TMP / 'test.db'}"
os.environ["LOYALTY_SECRET_KEY"] = "test-secret-key-not-for-production-0123456789"
os.environ["LOYALTY_PASSWORD_BCRYPT_ROUNDS"] = "4"
os.environ["LOYALTY_PIN_BCRYPT_ROUNDS"] = "4"
os.environ.pop("LOYALTY_REDIS_URL", None)
os.environ.pop("LOYALTY_ENV", None)

import psycopg  # noqa: E402
import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from jobs.bootstrap import bootstrap  # noqa: E402
from loyalty_app.cli import migrate  # noqa: E402
from loyalty_app.db import get_engine, make_engine  # noqa: E402

bootstrap()  # as the app, the worker and the CLI do at start-up: service events start their jobs

PG_SERVER = os.environ.get("LOYALTY_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DB = f"loyalty_test_{os.getpid()}"
DATABASES = [d.strip() for d in os.environ.get("LOYALTY_TEST_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
assert DATABASES and set(DATABASES) <= {"sqlite", "postgresql"}, f"LOYALTY_TEST_DATABASES={DATABASES}"
_skipped_services: dict[str, str] = {}


def _pg_reachable() -> str | None:
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3, autocommit=True):
            return None
    except Exception as exc:  # any failure means "not reachable": say why in the summary
        return f"{type(exc).__name__}: {str(exc).strip()[:200]}"


def _clean(engine: sa.Engine) -> None:
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for name in tables:
                conn.exec_driver_sql(f'DELETE FROM "{name}"')


@pytest.fixture(scope="session")
def sqlite_engine() -> sa.Engine:
    migrate()
    return get_engine()


@pytest.fixture(scope="session")
def pg_engine():
    if "postgresql" not in DATABASES:
        pytest.skip("PostgreSQL not selected (LOYALTY_TEST_DATABASES)")
    problem = _pg_reachable()
    if problem:
        _skipped_services["postgresql"] = problem
        pytest.skip(f"PostgreSQL unreachable at {PG_SERVER} ({problem})")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    url = f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{PG_DB}"
    migrate(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


@pytest.fixture(params=DATABASES)
def engine(request) -> sa.Engine:
    """Each test using it runs twice: on SQLite and on PostgreSQL (or on those LOYALTY_TEST_DATABASES names)."""
    engine = request.getfixturevalue(f"{'sqlite' if request.param == 'sqlite' else 'pg'}_engine")
    _clean(engine)
    return engine


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The process keeps one limiter for everything: each test starts with no request counted."""
    from loyalty_app.services.rate_limits import rate_limits

    rate_limits().reset()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def demo(session):
    """The exact demo merchants, stores, accounts, PINs and programs, without the history."""
    from loyalty_app.demo.accounts import create_demo_accounts

    return create_demo_accounts(session)


def pytest_terminal_summary(terminalreporter):
    for service, why in _skipped_services.items():
        terminalreporter.write_line(
            f"SKIPPED {service} tests: the service is unreachable ({why}). They ran on SQLite only.",
            yellow=True,
        )
