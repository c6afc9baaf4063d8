"""The RQ/Redis backend for several machines: the same job runs through a real Redis queue."""

import pytest

from hub.jobs.actions import create_job, job_handler
from hub.jobs.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@job_handler("tests.redis")
def _hello(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    progress(1, 1, "done")
    return {"ran_on": "rq"}


def test_a_job_goes_through_redis_and_an_rq_worker(
    redis_url, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    import django_rq
    from django_tasks_rq.backend import Job as RQJob
    from rq import SimpleWorker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=RQJob)
    queue.empty()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = create_job(kind="tests.redis")
        assert queue.count == 1
        assert Job.objects.get(pk=job.pk).status == "queued"
        worker = SimpleWorker([queue], connection=queue.connection, job_class=RQJob)
        worker.work(burst=True)
        job.refresh_from_db()
        assert (job.status, job.result) == ("succeeded", {"ran_on": "rq"})
    finally:
        queue.empty()
