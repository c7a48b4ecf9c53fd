"""Alembic environment: the URL comes from LOYALTY_DATABASE_URL (or -x url=...), tables from our models."""

from logging.config import fileConfig

from sqlmodel import SQLModel

from alembic import context
from loyalty_app import models  # noqa: F401  (every table on the metadata)
from loyalty_app.db import make_engine
from loyalty_app.models.base import UTCDateTime
from loyalty_app.settings import get_settings

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.attributes.get("url")
        or get_settings().database_url
    )


def render_item(type_, obj, autogen_context):
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from loyalty_app.models.base import UTCDateTime")
        return "UTCDateTime()"
    return False


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata, render_as_batch=True, compare_type=True, render_item=render_item, **kwargs
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
