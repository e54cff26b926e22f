"""Alembic environment: the app runs migrations itself (storage.db.upgrade),
passing its own connection; `alembic` on the command line works too, with
the URL from PORTALWATCH_DB_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from storage.models import Base
import storage.models_facts  # noqa: F401  (registers its tables)

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from storage.db import sqlalchemy_url
    from storage.settings import db_url_from_env

    engine = engine_from_config({"sqlalchemy.url": sqlalchemy_url(db_url_from_env())},
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
