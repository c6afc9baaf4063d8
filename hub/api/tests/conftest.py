"""The API contract's fixtures: the OpenAPI schema as schemathesis loads it (once per process,
when a test first asks for it), and an API token for every role of the shared cast."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig

from hub.accounts.actions import issue_api_token
from hub.conftest import Cast

DEEP = os.environ.get("SCHEMATHESIS_DEEP") == "1"
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25" if DEEP else "1"))
SEED = 15
# Anonymous ("anonymous"), then every role of the shared cast (hub/conftest.py);
# SCHEMATHESIS_ROLES=anonymous,admin narrows a deep run.
ALL_ROLES = [
    "anonymous",
    "admin",
    "secretary",
    "office",
    "desk",
    "coordinator",
    "leader",
    "volunteer",
]
ROLES = os.environ.get("SCHEMATHESIS_ROLES", ",".join(ALL_ROLES)).split(",")


def schemathesis_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "with-security-parameters": False,
                "no-shrink": not DEEP,
            },
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": DEEP},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    )


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    # The WSGI app closes the connection around each request; in a test that would close the
    # test database under the test's transaction (Django's test client does the same).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@pytest.fixture(scope="session")
def api_schema(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The schema, generated once per process when a test asks for it (not at import)."""
    from config.wsgi import application

    with django_db_blocker.unblock(), _connection_kept_open():
        return schemathesis.openapi.from_wsgi(
            "/api/schema/", application, config=schemathesis_config()
        )


@pytest.fixture
def keep_the_test_connection(db: Any) -> Iterator[None]:
    with _connection_kept_open():
        yield


@pytest.fixture
def role_headers(cast: Cast, keep_the_test_connection: None) -> list[dict[str, str]]:
    """Request headers for each role: none for anonymous, else the role's API token."""
    headers: list[dict[str, str]] = []
    for role in ROLES:
        if role == "anonymous":
            headers.append({})
            continue
        token = issue_api_token(user=cast.users[role])
        headers.append({"Authorization": f"Token {token.key}"})
    return headers


@pytest.fixture
def admin_headers(cast: Cast, keep_the_test_connection: None) -> dict[str, str]:
    """The organization admin's API token header."""
    return {"Authorization": f"Token {issue_api_token(user=cast.admin).key}"}
