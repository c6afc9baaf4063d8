"""Large files are validated and applied by background jobs, with progress, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, counts, member_rows, xlsx
from hub.jobs.actions import reclaim_expired_jobs, run_job_now
from hub.jobs.models import Job
from hub.people.models import Membership, Person


@pytest.fixture
def big_file(settings):
    settings.IMPORT_INLINE_ROWS = 100
    return xlsx(member_rows(1_200))


def upload_and_validate(admin, org, content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = upload_import(
            by=admin, organization=org, kind="members", filename="big.xlsx", content=content
        )
    assert batch.status == ImportBatch.Status.VALIDATING
    assert batch.job is not None and batch.job.kind == "imports.validate"
    job = run_job_now(batch.job.pk)
    batch.refresh_from_db()
    return batch, job


@pytest.mark.django_db
def test_large_file_is_validated_by_a_job_with_progress(
    org, branch, admin, big_file, django_capture_on_commit_callbacks
):
    batch, job = upload_and_validate(admin, org, big_file, django_capture_on_commit_callbacks)

    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (1_200, 1_200)
    assert job.result["row_count"] == 1_200
    assert batch.status == ImportBatch.Status.VALID
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_large_file_is_applied_by_a_job(
    org, branch, admin, big_file, django_capture_on_commit_callbacks
):
    batch, _ = upload_and_validate(admin, org, big_file, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=False):
        batch = apply_import(now=NOW, by=admin, batch=batch)
    assert batch.status == ImportBatch.Status.APPLYING
    job = run_job_now(batch.job.pk)
    batch.refresh_from_db()

    assert job.status == Job.Status.SUCCEEDED
    assert job.result["created"] == 1_200
    assert job.progress_total > 0
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.result == {"created": 1_200, "updated": 0, "unchanged": 0}
    assert (Person.objects.count(), Membership.objects.count()) == (1_200, 1_200)


@pytest.mark.django_db
def test_apply_job_run_again_after_completion_writes_nothing_more(
    org, branch, admin, big_file, django_capture_on_commit_callbacks
):
    batch, _ = upload_and_validate(admin, org, big_file, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        batch = apply_import(now=NOW, by=admin, batch=batch)
    run_job_now(batch.job.pk)
    after = counts()
    # The worker died after the commit but before it could mark the job finished.
    Job.objects.filter(pk=batch.job.pk).update(status=Job.Status.RUNNING)

    job = run_job_now(batch.job.pk)

    assert job.status == Job.Status.SUCCEEDED
    assert counts() == after
    batch.refresh_from_db()
    assert batch.result == {"created": 1_200, "updated": 0, "unchanged": 0}


@pytest.mark.django_db
def test_apply_job_killed_mid_write_leaves_nothing_and_reruns_once(
    org, branch, admin, big_file, django_capture_on_commit_callbacks, monkeypatch, settings
):
    batch, _ = upload_and_validate(admin, org, big_file, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        batch = apply_import(now=NOW, by=admin, batch=batch)
    before = counts()

    from hub.imports import writer

    real = writer.Membership.objects.bulk_create

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")  # not an Exception: nothing marks the job failed

    monkeypatch.setattr(writer.Membership.objects, "bulk_create", killed)
    with pytest.raises(SystemExit):
        run_job_now(batch.job.pk)
    assert counts() == before
    assert Job.objects.get(pk=batch.job.pk).status == Job.Status.RUNNING
    monkeypatch.setattr(writer.Membership.objects, "bulk_create", real)
    assert run_job_now(batch.job.pk).status == Job.Status.RUNNING  # its lease still holds
    later = timezone.now() + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=False):
        assert reclaim_expired_jobs(now=later) == {"requeued": 1, "failed": 0}

    job = run_job_now(batch.job.pk)

    assert job.status == Job.Status.SUCCEEDED
    assert (Person.objects.count(), Membership.objects.count()) == (1_200, 1_200)


@pytest.mark.django_db
def test_a_batch_whose_apply_job_was_given_up_can_be_applied_again(
    org, branch, admin, big_file, django_capture_on_commit_callbacks, settings
):
    batch, _ = upload_and_validate(admin, org, big_file, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        batch = apply_import(now=NOW, by=admin, batch=batch)
    past = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=batch.job_id).update(
        status=Job.Status.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS, lease_until=past
    )

    assert reclaim_expired_jobs(now=timezone.now()) == {"requeued": 0, "failed": 1}

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    with django_capture_on_commit_callbacks(execute=False):
        again = apply_import(now=NOW, by=admin, batch=batch)
    assert run_job_now(again.job.pk).status == Job.Status.SUCCEEDED
    assert Person.objects.count() == 1_200
