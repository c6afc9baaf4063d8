"""English pages of a roster speak English even when the job ran for a Chinese reader."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from hub.jobs.actions import run_job_now
from hub.rosters.actions import publish_run, start_roster_run
from hub.rosters.tests.conftest import NOW, duty_run


def page(user, url: str, language: str) -> str:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_solve_started_in_chinese_reads_in_each_readers_language(cast):
    secretary = cast.users["secretary"]
    run = duty_run(cast, days=1, people=2)
    with translation.override("zh-hans"):
        job = start_roster_run(by=secretary, run=run)
    job = run_job_now(job.pk)

    assert job.message == "Done"  # stored as its msgid, not in the starter's language
    job_url = reverse("jobs:job-detail", kwargs={"job_id": job.pk})
    assert "完成" not in page(secretary, job_url, "en") and "Done" in page(secretary, job_url, "en")
    assert "完成" in page(secretary, job_url, "zh-hans")

    run.refresh_from_db()
    publish_run(by=secretary, run=run, now=NOW)
    english = page(secretary, reverse("rosters:run-detail", kwargs={"run_id": run.pk}), "en")
    assert "Published" in english and "完成" not in english and "Done" not in english
