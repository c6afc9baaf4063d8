"""The API contract: schemathesis against the OpenAPI schema, as anonymous and as every role.

Every operation of ``/api/schema/`` gets generated requests (schema-valid and schema-violating
ones), each sent through the WSGI app as anonymous and as each role of the shared cast; every
response must pass schemathesis's checks: no server error, a status code the schema documents,
the documented content type, headers and body, a schema-violating request refused, an anonymous
request refused where the operation needs a sign-in.

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
from typing import Any

from django.db import transaction
from schemathesis.core.result import Ok
from schemathesis.pytest.lazy import get_all_tests


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_describe(inner) for inner in exc.exceptions)
    return f"{type(exc).__name__}: {exc}"


def _run(schema: Any, headers_by_role: list[dict[str, str]]) -> list[str]:
    """Every operation's generated cases, each sent as every role; the failures, one per line."""

    def check(case: Any) -> None:
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
        except (Exception, BaseExceptionGroup) as exc:  # a failure (group): report, go on
            failures.append(f"{operation.label}: {_describe(exc)}")
    return failures


def test_the_api_answers_every_role_and_anonymous_within_its_schema(
    api_schema: Any, role_headers: list[dict[str, str]]
) -> None:
    # 4xx answers are the expected outcome of most generated requests: keep the log quiet.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        failures = _run(api_schema, role_headers)
    finally:
        logger.setLevel(level)
    assert not failures, f"{len(failures)} operations fail:\n" + "\n\n".join(failures)
