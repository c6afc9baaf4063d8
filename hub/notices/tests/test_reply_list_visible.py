"""The 接龙 list is visible to the members the notice was sent to (names masked)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.notices.actions import reply_to_notice
from hub.people.actions import add_membership
from hub.testing.builders import login_for, make_notice

pytestmark = pytest.mark.django_db


def test_a_recipient_sees_everyones_replies_in_order_with_masked_names(cast):
    add_membership(by=cast.admin, person=cast.person_member, branch=cast.branch_first)
    notice = make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    reply_to_notice(by=cast.volunteer, notice=notice, reply="周六全天")
    other = login_for(cast.person_member)
    reply_to_notice(by=other, notice=notice, reply="周日上午")
    client = Client()
    client.force_login(cast.volunteer)
    page = client.get(reverse("notices:notice-detail", args=[notice.pk])).content.decode()
    assert page.index("周六全天") < page.index("周日上午")
    assert "王*" in page and "王建国" not in page


def test_the_attachment_help_is_in_the_readers_language_whatever_was_active_at_import():
    from django.utils import translation

    from hub.notices.forms import AttachmentForm

    with translation.override("zh-hans"):
        assert str(AttachmentForm().fields["file"].help_text).startswith("支持PDF")
    with translation.override("en"):
        assert str(AttachmentForm().fields["file"].help_text).startswith("PDF, image")
