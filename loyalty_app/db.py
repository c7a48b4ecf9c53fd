"""The one engine, sessions, and the card row lock."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, create_engine, select

from . import models  # noqa: F401  (registers every table on SQLModel.metadata)
from .settings import get_settings


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _make_sqlite_serialize_writers(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _make_sqlite_serialize_writers(engine: sa.Engine) -> None:
    """SQLite has no SELECT ... FOR UPDATE: BEGIN IMMEDIATE takes the write lock up front instead.

    Without it two writers could read the same balance and one update would be lost; WAL keeps
    readers from waiting on writers.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache
def get_engine() -> sa.Engine:
    return make_engine(get_settings().database_url)


def new_session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    with new_session() as session:
        yield session


def lock_card(session: Session, card_id: int) -> "models.LoyaltyCard":
    """Re-read the card under a row lock (FOR UPDATE on PostgreSQL) so limits are checked after it."""
    stmt = (
        select(models.LoyaltyCard)
        .where(models.LoyaltyCard.id == card_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(stmt).one()
