import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.jobs.actions import run_job_now
from hub.jobs.models import Job
from hub.notify.channels import DeliveryError
from hub.notify.jobs import schedule_retry_run
from hub.notify.models import Message
from hub.notify.tests.conftest import write_message

pytestmark = pytest.mark.django_db


def _dispatch_jobs():  # type: ignore[no-untyped-def]
    return Job.objects.filter(kind="notify.dispatch").order_by("id")


def test_the_dispatch_job_sends_what_is_due(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        write_message()
    job = run_job_now(_dispatch_jobs().get().pk)
    assert (job.status, job.result["sent"], job.result["next_run_at"]) == ("succeeded", 1, None)
    assert Message.objects.get().status == "sent"


def test_the_dispatch_job_queues_one_deferred_run_for_retries(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    def down(message: Message) -> None:
        raise DeliveryError("HTTP 503")

    monkeypatch.setattr("hub.notify.actions.deliver", down)
    with django_capture_on_commit_callbacks(execute=True):
        write_message()
    first = run_job_now(_dispatch_jobs().get().pk)
    retry_at = Message.objects.get().next_attempt_at
    assert first.result["retrying"] == 1
    [later] = _dispatch_jobs().filter(status="queued")
    assert dt.datetime.fromisoformat(later.params["run_after"]) == retry_at
    assert schedule_retry_run() is None  # a run is already queued for that time


def test_no_retry_run_is_queued_when_nothing_waits() -> None:
    assert schedule_retry_run() is None
    assert not _dispatch_jobs().exists()


def test_the_command_delivers_due_messages_once(capsys) -> None:  # type: ignore[no-untyped-def]
    write_message()
    Message.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("dispatch_notifications")
    assert "sent 1" in capsys.readouterr().out
    assert Message.objects.get().status == "sent"
