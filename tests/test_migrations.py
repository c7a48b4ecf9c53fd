"""The schema comes only from Alembic: `upgrade head` must build exactly what the models describe."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.settings import PROJECT_ROOT


def _differences(engine: sa.Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        return compare_metadata(context, SQLModel.metadata)


def _head() -> str:
    return ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini"))).get_current_head()


def test_upgraded_database_matches_the_models(engine):
    # The engine fixture's database was built by `alembic upgrade head` (see tests/conftest.py).
    assert _differences(engine) == []


def test_upgraded_database_is_at_the_single_head(engine):
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == (_head(),)
    assert len(ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini"))).get_heads()) == 1


def test_upgrade_head_on_a_fresh_sqlite_file_builds_every_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(url)
    migrate(url)  # running it again is a no-op
    engine = make_engine(url)
    try:
        assert set(SQLModel.metadata.tables) <= set(sa.inspect(engine).get_table_names())
        assert _differences(engine) == []
    finally:
        engine.dispose()
