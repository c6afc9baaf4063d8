import pytest

from hub.jobs.actions import create_job, job_handler, run_job_now
from hub.jobs.models import Job

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


@job_handler("tests.count")
def _count(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    for i in range(3):
        progress(i + 1, 3, f"step {i + 1}")
    CALLS.append(job.pk)
    return {"counted": 3}


@job_handler("tests.fail")
def _fail(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    raise ValueError("输入有误 / bad input")


def test_a_job_is_enqueued_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = create_job(kind="tests.count")
    assert len(callbacks) == 1
    assert Job.objects.get(pk=job.pk).status == "queued"


def test_running_a_job_records_progress_and_result() -> None:
    job = create_job(kind="tests.count")
    job = run_job_now(job.pk)
    assert (job.status, job.progress_done, job.progress_total, job.result) == (
        "succeeded",
        3,
        3,
        {"counted": 3},
    )
    assert job.percent == 100


def test_a_finished_job_does_not_run_twice() -> None:
    CALLS.clear()
    job = create_job(kind="tests.count")
    run_job_now(job.pk)
    run_job_now(job.pk)
    assert CALLS == [job.pk]


def test_an_interrupted_job_runs_again() -> None:
    CALLS.clear()
    job = create_job(kind="tests.count")
    Job.objects.filter(pk=job.pk).update(status="running")  # the worker died mid-job
    assert run_job_now(job.pk).status == "succeeded"
    assert CALLS == [job.pk]


def test_a_failing_job_records_the_error_message() -> None:
    job = run_job_now(create_job(kind="tests.fail").pk)
    assert job.status == "failed"
    assert job.message == "输入有误 / bad input"


def test_the_task_backend_runs_the_job_once_the_transaction_commits(
    settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = create_job(kind="tests.count")
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.task_id
