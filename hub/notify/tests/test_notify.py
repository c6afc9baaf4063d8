import pytest
from django.db import transaction

from hub.errors import DomainError
from hub.jobs.models import Job
from hub.notify.actions import notify
from hub.notify.models import Message
from hub.notify.tests.conftest import write_message

pytestmark = pytest.mark.django_db


def test_a_notification_is_written_pending_with_its_rendered_text(cast) -> None:  # type: ignore[no-untyped-def]
    message = write_message(
        recipient=cast.person_member,
        template="generic.titled",
        params={"title": "Sampling", "text": "Tomorrow 8:00"},
        organization=cast.org_health,
    )
    message.refresh_from_db()
    assert (message.status, message.attempts, message.subject, message.body) == (
        "pending",
        0,
        "Sampling",
        "Tomorrow 8:00",
    )
    assert message.organization == cast.org_health


def test_a_rolled_back_change_leaves_no_message_and_no_dispatch_job(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        notify(template="generic.text", params={"text": "x"}, address="ops")
        1 / 0  # noqa: B018 (the change that caused the notification fails)
    assert callbacks == []
    assert not Message.objects.exists()
    assert not Job.objects.filter(kind="notify.dispatch").exists()


def test_one_commit_with_many_messages_starts_one_dispatch_job(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            notify(template="generic.text", params={"text": str(n)}, address="ops")
    assert Job.objects.filter(kind="notify.dispatch", status="queued").count() == 1
    assert Message.objects.count() == 5


def test_an_action_retried_with_the_same_dedupe_key_writes_one_message() -> None:
    first = write_message(dedupe_key="signup:17:approved")
    second = write_message(dedupe_key="signup:17:approved", params={"text": "again"})
    assert second.pk == first.pk
    assert Message.objects.count() == 1


def test_messages_without_a_dedupe_key_are_never_merged() -> None:
    write_message()
    write_message()
    assert Message.objects.count() == 2


def test_the_body_is_rendered_in_the_site_language_by_default(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_LANGUAGE = "en"
    message = write_message(language=None)
    assert message.language == "en"


@pytest.mark.django_db(transaction=True)
def test_notifying_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        notify(template="generic.text", params={"text": "x"}, address="ops")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"template": "no.such"}, "notify_unknown_template"),
        ({"params": {}}, "notify_missing_param"),
        ({"address": ""}, "notify_no_destination"),
        ({"channel": "pigeon"}, "notify_unknown_channel"),
        ({"channel": "email", "address": ""}, "notify_no_destination"),
    ],
)
def test_a_bad_notification_is_refused_with_a_code(kwargs, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        write_message(**kwargs)
    assert refused.value.code == code
    assert not Message.objects.exists()


def test_a_missing_parameter_is_named_in_the_message() -> None:
    with pytest.raises(DomainError, match="needs the parameter text"):
        write_message(params={})
