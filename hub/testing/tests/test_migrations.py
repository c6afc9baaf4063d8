"""The migrations build the same schema as the models.

The suite creates its test databases straight from the models (``--nomigrations`` in
``pyproject.toml``): running every migration on each worker's database cost about 24 s of CPU per
database. This test keeps what that skipped: every migration runs, in a separate process, on a
scratch database of the same engine as the suite's (a temporary SQLite file, or a new PostgreSQL
database dropped afterwards), and the tables and columns it ends with are the ones the models
make. ``makemigrations --check`` in ``.ci/run`` proves the other direction: no model change
lacks its migration.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _columns(cursor: Any, introspection: Any) -> dict[str, set[str]]:
    return {
        table: {column.name for column in introspection.get_table_description(cursor, table)}
        for table in introspection.table_names(cursor)
        if not table.startswith("sqlite_")
    }


@pytest.fixture
def scratch_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL for an empty database of the suite's engine, removed afterwards."""
    vendor = connection.vendor
    if vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    assert vendor == "postgresql", vendor
    import psycopg

    params = settings.DATABASES["default"]
    name = f"sw_migrations_{uuid.uuid4().hex[:12]}"
    dsn = {
        "host": params.get("HOST") or "127.0.0.1",
        "port": params.get("PORT") or 5432,
        "user": params.get("USER") or "postgres",
        "password": params.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = dsn["user"] + (f":{dsn['password']}" if dsn["password"] else "")
    try:
        yield f"postgres://{auth}@{dsn['host']}:{dsn['port']}/{name}"
    finally:
        with psycopg.connect(**dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_every_migration_runs_and_ends_with_the_tables_the_models_make(
    scratch_database: str,
) -> None:
    env = {**os.environ, "DATABASE_URL": scratch_database, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]

    import dj_database_url
    from django.db import connections
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler({"default": dj_database_url.parse(scratch_database)})
    migrated = handler["default"]
    try:
        with migrated.cursor() as cursor:
            after_migrations = _columns(cursor, migrated.introspection)
    finally:
        migrated.close()
    with connections["default"].cursor() as cursor:
        from_models = _columns(cursor, connection.introspection)

    assert set(after_migrations) - {"django_migrations"} == set(from_models) - {"django_migrations"}
    differing = {
        table: (after_migrations[table] ^ from_models[table])
        for table in from_models
        if table in after_migrations and after_migrations[table] != from_models[table]
    }
    assert differing == {}
