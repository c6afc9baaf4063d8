"""Members are told through the outbox, in the same transaction as the copies."""

from __future__ import annotations

import pytest
from django.db import transaction

from hub.notices.actions import publish_notice, remind_unacknowledged
from hub.notices.models import Notice, NoticeRecipient
from hub.notify.models import Message
from hub.testing.builders import make_notice


class Boom(Exception):
    pass


def test_publishing_writes_one_message_per_member_with_the_notice_dedupe_key(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    keys = set(
        Message.objects.filter(template="notices.published").values_list("dedupe_key", "recipient")
    )

    assert keys == {
        (f"notice:{notice.pk}:{cast.person_member.pk}", cast.person_member.pk),
        (f"notice:{notice.pk}:{cast.volunteer.person.pk}", cast.volunteer.person.pk),
    }
    message = Message.objects.get(recipient=cast.volunteer.person)
    assert notice.title in message.body and message.organization == cast.org_health


def test_a_rolled_back_publication_leaves_no_copies_and_no_messages(cast) -> None:
    draft = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first], publish=False
    )

    with pytest.raises(Boom), transaction.atomic():
        publish_notice(by=cast.admin, notice=draft)
        assert Message.objects.count() == 2
        raise Boom

    assert Message.objects.count() == 0
    assert NoticeRecipient.objects.count() == 0
    assert Notice.objects.get(pk=draft.pk).status == Notice.Status.DRAFT


def test_a_rolled_back_reminder_leaves_nobody_reminded(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    with pytest.raises(Boom), transaction.atomic():
        remind_unacknowledged(by=cast.admin, notice=notice)
        raise Boom

    assert not Message.objects.filter(template="notices.reminder").exists()
    assert not NoticeRecipient.objects.filter(reminded_at__isnull=False).exists()
