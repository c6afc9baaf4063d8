import pytest

from hub.jobs.actions import run_job_now
from hub.jobs.models import Job
from hub.notify.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.urls("hub.notify.tests.urls")]


def test_a_request_that_notifies_returns_before_anything_is_sent(
    client, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    monkeypatch.setattr("hub.notify.actions.deliver", lambda message: calls.append(message.pk))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/approve/")

    assert response.status_code == 200
    assert calls == []  # the provider was not touched inside the request
    message = Message.objects.get(pk=int(response.content))
    assert message.status == "pending"
    [job] = Job.objects.filter(kind="notify.dispatch", status="queued")

    run_job_now(job.pk)  # what the worker does next
    message.refresh_from_db()
    assert (calls, message.status) == ([message.pk], "sent")


def test_a_request_succeeds_even_when_the_provider_is_down(
    client, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from hub.notify.channels import DeliveryError

    def down(message: Message) -> None:
        raise DeliveryError("HTTP 503")

    monkeypatch.setattr("hub.notify.actions.deliver", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/approve/")
    run_job_now(Job.objects.get(kind="notify.dispatch", status="queued").pk)
    assert response.status_code == 200
    assert Message.objects.get().status == "pending"
