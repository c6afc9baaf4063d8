"""Batch printing: a background job issues the certificates; one PDF with a page for each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.hours.actions.certificates import BATCH_JOB, start_certificate_batch
from hub.hours.models import Certificate
from hub.hours.tests.test_certificate_pdf import page_count
from hub.jobs.actions import run_job_now
from hub.jobs.models import Job
from hub.testing.builders import make_post, served

START, END = dt.date(2022, 4, 1), dt.date(2022, 4, 30)


def three_with_hours(cast):
    post = make_post(cast, name="理货", site="中心办公楼")
    for person in (cast.volunteer.person, cast.person_member):
        served(post, person, hours="2", on=dt.date(2022, 4, 2))
    served(post, cast.person_member, hours="1", on=dt.date(2022, 4, 3))
    served(post, cast.person_member, hours="4", on=dt.date(2022, 3, 2))  # before
    return post


def start(cast, **kwargs) -> Job:
    values = {"by": cast.admin, "issuer": cast.org_health, "start": START, "end": END}
    return start_certificate_batch(**(values | kwargs))


def test_everyone_with_hours_in_the_period_gets_a_certificate_and_a_page(cast) -> None:
    three_with_hours(cast)

    job = run_job_now(start(cast).pk)

    assert job.status == Job.Status.SUCCEEDED
    assert job.kind == BATCH_JOB
    assert job.result["pages"] == 2
    assert job.progress_done == job.progress_total == 2
    client = Client()
    client.force_login(cast.admin)
    response = client.get(job.result["next_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert page_count(response.content) == 2


def test_a_selection_prints_only_the_chosen_volunteers(cast) -> None:
    three_with_hours(cast)

    job = run_job_now(start(cast, people=[cast.person_member]).pk)

    certificate = Certificate.objects.get(pk__in=job.result["certificate_ids"])
    assert certificate.person == cast.person_member
    assert str(certificate.hours) == "3.00"


def test_running_the_job_again_issues_nothing_twice(cast) -> None:
    three_with_hours(cast)
    job = run_job_now(start(cast).pk)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # a worker died after it

    again = run_job_now(job.pk)

    assert Certificate.objects.count() == 2
    assert sorted(again.result["certificate_ids"]) == sorted(job.result["certificate_ids"])


def test_a_volunteer_may_not_print_a_batch(cast) -> None:
    three_with_hours(cast)

    with pytest.raises(DomainError) as refused:
        start(cast, by=cast.volunteer)

    assert refused.value.code == "forbidden"
    assert not Job.objects.filter(kind=BATCH_JOB).exists()


def test_a_period_without_hours_is_refused_before_queuing(cast) -> None:
    three_with_hours(cast)

    with pytest.raises(DomainError) as refused:
        start(cast, start=dt.date(2022, 5, 1), end=dt.date(2022, 5, 31))

    assert refused.value.code == "no_hours"


def test_the_batch_page_queues_a_job_and_shows_its_progress(cast) -> None:
    three_with_hours(cast)
    client = Client()
    client.force_login(cast.admin)

    response = client.post(
        reverse("hours:certificate-batch"),
        {
            "issuer": cast.org_health.pk,
            "start": "2022-04-01",
            "end": "2022-04-30",
            "everyone": "on",
        },
    )

    job = Job.objects.get(kind=BATCH_JOB)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job-detail", kwargs={"job_id": job.pk})
    assert set(job.params["person_ids"]) == {cast.volunteer.person.pk, cast.person_member.pk}


def test_the_download_is_not_ready_before_the_job_finishes(cast) -> None:
    three_with_hours(cast)
    job = start(cast)
    client = Client()
    client.force_login(cast.admin)

    url = reverse("hours:certificate-batch-pdf", kwargs={"job_id": job.pk})

    assert client.get(url).status_code == 404


def test_another_organizations_user_cannot_download_the_batch(cast) -> None:
    three_with_hours(cast)
    job = run_job_now(start(cast).pk)
    client = Client()
    client.force_login(cast.outsider)

    assert client.get(job.result["next_url"]).status_code == 404
