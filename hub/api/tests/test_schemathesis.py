"""The API contract: schemathesis against the OpenAPI schema, as anonymous and as every role.

Every operation of ``/api/schema/`` gets generated requests through the WSGI app: schema-valid
ones sent as anonymous and as each role of the shared cast, schema-violating ones as the
organization admin (as every role too in the deep mode). Every response must pass
schemathesis's checks: no server error, a status code the schema documents, the documented
content type, headers and body, a schema-violating request refused, an anonymous request
refused where the operation needs a sign-in.

One check is left out, on purpose: ``positive_data_acceptance`` (a schema-valid request refused
by a business rule, e.g. signing up for a shift already past, is a correct 400).

The run is derandomized (a fixed seed), and bounded for the normal suite: one generated example
per operation and generation mode. ``SCHEMATHESIS_DEEP=1`` runs the deep mode for local runs:
the coverage phase (boundary and missing values for every parameter) and more examples
(``SCHEMATHESIS_EXAMPLES``, 25 by default). Each request runs in a savepoint that is rolled back,
so a role's request never changes what the next role sees.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from django.db import transaction
from schemathesis.core.control import SkipTest
from schemathesis.core.result import Ok
from schemathesis.pytest.lazy import get_all_tests

from hub.api.tests.conftest import DEEP

# CI runs the contract once, in its SQLite phase (the schema and the views do not depend on the
# database); `-m "not schemathesis"` leaves it out of the PostgreSQL phase.
pytestmark = pytest.mark.schemathesis


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_describe(inner) for inner in exc.exceptions)
    return f"{type(exc).__name__}: {exc}"


def _run(
    schema: Any, mode: str | None, headers_by_role: list[dict[str, str]]
) -> tuple[int, list[str]]:
    """Every operation's generated cases (in ``mode``, or the config's), each sent as every
    role; how many cases were sent, and the failures, one per operation."""
    if mode is not None:
        schema.config.generation.update(modes=[mode])
    sent = 0

    def check(case: Any) -> None:
        nonlocal sent
        sent += 1
        for headers in headers_by_role:
            with transaction.atomic():
                case.call_and_validate(headers=headers)
                transaction.set_rollback(True)

    failures = []
    for result in get_all_tests(schema=schema, test_func=check, settings=None, given_kwargs={}):
        if not isinstance(result, Ok):
            failures.append(f"{result.err()}")
            continue
        operation, test = result.ok()
        try:
            test()
        except SkipTest:  # no parameter or body to break: no negative case for this operation
            continue
        except (Exception, BaseExceptionGroup) as exc:  # a failure (group): report, go on
            failures.append(f"{mode or 'all'} {operation.label}: {_describe(exc)}")
            if DEEP:  # a long run: show each failure when it is found (with pytest -s)
                print(failures[-1], "\n", file=sys.stderr, flush=True)
    return sent, failures


def test_the_api_answers_every_role_and_anonymous_within_its_schema(
    api_schema: Any, role_headers: list[dict[str, str]], admin_headers: dict[str, str]
) -> None:
    # Schema-valid cases go to anonymous and every role. Schema-violating ones go to the
    # organization admin alone in the normal run: anonymous is refused before validation (401)
    # and most roles before it too (403), so they would only repeat the admin's answer.
    runs = (
        [(None, role_headers)]
        if DEEP
        else [("positive", role_headers), ("negative", [admin_headers])]
    )
    # 4xx answers are the expected outcome of most generated requests: keep the log quiet.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    failures: list[str] = []
    try:
        for mode, headers_by_role in runs:
            sent, found = _run(api_schema, mode, headers_by_role)
            assert sent >= (len(api_schema) if mode != "negative" else 1), (mode, sent)
            failures += found
    finally:
        logger.setLevel(level)
    assert not failures, f"{len(failures)} operations fail:\n" + "\n\n".join(failures)
