"""A large drive pool is told by a chunked job with progress, never twice per person."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import Cast
from hub.jobs.actions import create_job, run_job_now
from hub.jobs.models import Job
from hub.notify.models import Message
from hub.testing.builders import make_post, make_shift
from hub.volunteering.actions.signups import create_drive, publish_drive, tell_pool_chunk
from hub.volunteering.models import TELL_POOL_JOB
from hub.volunteering.tests.matrix_drives import NOW


@pytest.fixture
def tiny_inline_limit(settings):
    # The cast's pool (第一党支部: two people) counts as "large"; one person per chunk.
    settings.DRIVE_TELL_INLINE = 1
    settings.DRIVE_TELL_CHUNK = 1


def told() -> list[int]:
    rows = Message.objects.filter(template="volunteering.drive_published")
    return sorted(rows.values_list("recipient_id", flat=True))


def pool(cast: Cast) -> list[int]:
    return sorted([cast.person_member.pk, cast.volunteer.person.pk])


def publish_later(cast: Cast, capture):
    drive = create_drive(
        by=cast.admin,
        organization=cast.org_health,
        title="招募",
        shifts=[make_shift(make_post(cast, by=None))],
        branches=[cast.branch_first],
    )
    with capture(execute=False):
        drive = publish_drive(by=cast.admin, drive=drive, now=NOW)
    return drive, Job.objects.get(kind=TELL_POOL_JOB, params__drive=drive.pk)


def test_a_pool_above_the_inline_limit_is_told_by_a_job_in_chunks(
    cast: Cast, tiny_inline_limit, django_capture_on_commit_callbacks
) -> None:
    drive, job = publish_later(cast, django_capture_on_commit_callbacks)
    assert drive.status == "published" and told() == []
    assert job.created_by == cast.admin and job.organization_id == cast.org_health.pk

    job = run_job_now(job.pk)

    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.result == {"told": 2, "pool": 2}
    assert told() == pool(cast)


def test_running_the_tell_job_again_tells_nobody_twice(
    cast: Cast, tiny_inline_limit, django_capture_on_commit_callbacks
) -> None:
    drive, job = publish_later(cast, django_capture_on_commit_callbacks)
    # A first worker told one person and was killed before the second chunk.
    tell_pool_chunk(drive, [cast.person_member.pk])

    assert run_job_now(job.pk).result == {"told": 1, "pool": 2}
    with django_capture_on_commit_callbacks(execute=False):
        again = create_job(kind=TELL_POOL_JOB, by=cast.admin, params={"drive": drive.pk})
    assert run_job_now(again.pk).result == {"told": 0, "pool": 2}
    assert told() == pool(cast)


def test_a_small_pool_is_told_in_the_request_without_a_job(cast: Cast) -> None:
    drive = create_drive(
        by=cast.admin,
        organization=cast.org_health,
        title="招募",
        shifts=[make_shift(make_post(cast, by=None))],
        branches=[cast.branch_first],
    )
    publish_drive(by=cast.admin, drive=drive, now=NOW)
    assert told() == pool(cast)
    assert not Job.objects.filter(kind=TELL_POOL_JOB).exists()


def test_the_drive_page_shows_how_far_telling_the_pool_has_got(
    cast: Cast, tiny_inline_limit, django_capture_on_commit_callbacks
) -> None:
    drive, job = publish_later(cast, django_capture_on_commit_callbacks)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.admin)

    page = client.get(reverse("volunteering:drive-detail", kwargs={"drive_id": drive.pk}))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="job-{job.pk}"' in html and "Telling the pool" in html
    assert reverse("jobs:job-detail", kwargs={"job_id": job.pk}) in html
