"""Real threads against the real database: concurrent requests never share a number."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from hub.conftest import build_cast
from hub.hours.actions.certificates import request_certificate
from hub.hours.models import Certificate, CertificateSequence
from hub.testing.builders import at, make_post, served

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
WORKERS = 6


def test_concurrent_requests_get_consecutive_unique_numbers() -> None:
    cast = build_cast()
    post = make_post(cast, organization=cast.org_rc)
    days = [dt.date(2022, 4, day) for day in range(1, WORKERS + 1)]
    for day in days:
        served(post, cast.volunteer.person, hours="2", on=day)
    person = cast.volunteer.person
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(day: dt.date) -> None:
        try:
            start.wait()
            # Each worker certifies a different one-day period: six distinct certificates.
            request_certificate(
                by=cast.coordinator,
                person=person,
                issuer=cast.org_rc,
                start=day,
                end=day,
                now=at(4, 12, 10),
            )
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(day,)) for day in days]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"SW-{cast.org_rc.pk}-2022-{n:06d}" for n in range(1, WORKERS + 1)]
    assert CertificateSequence.objects.get(issuer=cast.org_rc, year=2022).last == WORKERS


def test_concurrent_identical_requests_issue_one_certificate() -> None:
    cast = build_cast()
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="2",
        on=dt.date(2022, 4, 2),
    )
    person = cast.volunteer.person
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []
    got: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            start.wait()
            certificate = request_certificate(
                by=cast.volunteer,
                person=person,
                issuer=cast.org_rc,
                start=dt.date(2022, 4, 1),
                end=dt.date(2022, 4, 30),
                now=at(4, 12, 10),
            )
            with lock:
                got.append(certificate.pk)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Certificate.objects.count() == 1
    assert set(got) == {Certificate.objects.get().pk}
