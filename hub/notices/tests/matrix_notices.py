"""Access-matrix rows for the notice pages and endpoints (read by hub/access/tests).

Targets: "own" is a notice the secretary of 第一党支部 sent to their branch (so the cast's
volunteer received it); "foreign" is the other organization's notice. Notices are built with
make_notice from hub/testing/builders.py.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hub.access.tests.matrix_kit import API_ANON, Route, pk
from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient
from hub.notify.models import Message
from hub.testing.builders import PDF, make_notice

SENDERS = frozenset({"admin", "rc_admin", "secretary", "outsider"})

VISIBLE = {
    "notice": {
        "own": frozenset({"admin", "secretary", "office", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "notice_draft": {
        "own": frozenset({"admin", "secretary", "office"}),
        "foreign": frozenset({"outsider"}),
    },
    "notice_attachment": {
        "own": frozenset({"admin", "secretary", "office", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
}
# The API's writes get notices of their own, so the pages' writes before them change nothing.
VISIBLE["notice_api"] = VISIBLE["notice"]
VISIBLE["notice_api_draft"] = VISIBLE["notice_draft"]
CHANGE = {
    "own": frozenset({"admin", "secretary"}),
    "foreign": frozenset({"outsider"}),
}
RECIPIENT = {"own": frozenset({"volunteer"})}


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    own = make_notice(
        cast.secretary,
        organization=cast.org_health,
        audience=[cast.branch_first],
        attachment=True,
    )
    foreign = make_notice(
        cast.outsider,
        organization=cast.org_other,
        audience=[cast.branch_other],
        attachment=True,
    )
    own_draft = make_notice(
        cast.secretary, organization=cast.org_health, audience=[cast.branch_first], publish=False
    )
    foreign_draft = make_notice(
        cast.outsider, organization=cast.org_other, audience=[cast.branch_other], publish=False
    )

    def pair(publish: bool) -> dict[str, Notice]:
        return {
            "own": make_notice(
                cast.secretary,
                organization=cast.org_health,
                audience=[cast.branch_first],
                publish=publish,
            ),
            "foreign": make_notice(
                cast.outsider,
                organization=cast.org_other,
                audience=[cast.branch_other],
                publish=publish,
            ),
        }

    return {
        "notice": {"own": own, "foreign": foreign},
        "notice_api": pair(True),
        "notice_api_draft": pair(False),
        "notice_draft": {"own": own_draft, "foreign": foreign_draft},
        "notice_attachment": {
            "own": own.attachments.get(),
            "foreign": foreign.attachments.get(),
        },
    }


def _notices() -> Any:
    return sorted(Notice.objects.values_list("id", "status", "title"))


def _copies() -> Any:
    return sorted(
        NoticeRecipient.objects.values_list(
            "id", "acknowledged_at", "reply", "reminded_at", "reminders"
        )
    )


def _attachments() -> Any:
    return sorted(NoticeAttachment.objects.values_list("id", "notice_id"))


def _messages() -> int:
    return Message.objects.count()


def _state() -> Any:
    return (_notices(), _copies(), _attachments(), _messages())


def _upload(_cast: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("名单.pdf", PDF, content_type="application/pdf")}


def _new_notice(cast: Any) -> dict[str, Any]:
    return {"title": "矩阵通知", "body": "正文", "audience": [cast.branch_first.pk]}


def _api_new_notice(cast: Any) -> dict[str, Any]:
    return {
        "organization": cast.org_health.pk,
        "title": "矩阵通知",
        "body": "正文",
        "audience": [cast.branch_first.pk],
    }


ROUTES = {
    "notices:notice-list": Route(),
    "notices:sent-list": Route(allowed=SENDERS),
    "notices:notice-create": Route(allowed=SENDERS),
    "notices:notice-detail": Route(
        target="notice", kwargs=pk("notice_id"), allowed=VISIBLE["notice"]
    ),
    "notices:notice-manage": Route(target="notice", kwargs=pk("notice_id"), allowed=CHANGE),
    "notices:notice-acknowledgements-xlsx": Route(
        target="notice", kwargs=pk("notice_id"), allowed=CHANGE
    ),
    "notices:notice-acknowledge": Route(
        method="POST",
        target="notice",
        kwargs=pk("notice_id"),
        allowed=RECIPIENT,
        ok=(302,),
        snapshot=_state,
    ),
    "notices:notice-reply": Route(
        method="POST",
        target="notice",
        kwargs=pk("notice_id"),
        allowed=RECIPIENT,
        data={"reply": "报名 周六全天"},
        ok=(302,),
        snapshot=_state,
    ),
    "notices:notice-publish": Route(
        method="POST",
        target="notice_draft",
        kwargs=pk("notice_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "notices:notice-attach": Route(
        method="POST",
        target="notice_draft",
        kwargs=pk("notice_id"),
        allowed=CHANGE,
        data=_upload,
        ok=(302,),
        snapshot=_state,
    ),
    "notices:notice-remind": Route(
        method="POST",
        target="notice",
        kwargs=pk("notice_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "notices:attachment-download": Route(
        target="notice_attachment",
        kwargs=pk("attachment_id"),
        allowed=VISIBLE["notice_attachment"],
    ),
    # API
    "api:notice-list": Route(api=True, anonymous=API_ANON),
    "api:notice-detail": Route(
        api=True, target="notice", allowed=VISIBLE["notice"], anonymous=API_ANON
    ),
    "api:notice-publish": Route(
        method="POST",
        api=True,
        target="notice_api_draft",
        allowed=CHANGE,
        anonymous=API_ANON,
        snapshot=_state,
    ),
    "api:notice-acknowledge": Route(
        method="POST",
        api=True,
        target="notice_api",
        allowed=RECIPIENT,
        anonymous=API_ANON,
        snapshot=_state,
    ),
    "api:notice-reply": Route(
        method="POST",
        api=True,
        target="notice_api",
        allowed=RECIPIENT,
        data={"reply": "报名 周六全天"},
        anonymous=API_ANON,
        snapshot=_state,
    ),
    "api:notice-remind": Route(
        method="POST",
        api=True,
        target="notice_api",
        allowed=CHANGE,
        anonymous=API_ANON,
        snapshot=_state,
    ),
    "api:notice-recipients": Route(api=True, target="notice", allowed=CHANGE, anonymous=API_ANON),
}

EXTRA_METHODS = {
    ("notices:notice-create", "POST"): Route(
        method="POST",
        allowed=SENDERS,
        data=_new_notice,
        ok=(200, 302),  # other organizations' admins: the form re-renders (not their branch)
        snapshot=_state,
    ),
    ("api:notice-list", "POST"): Route(
        method="POST",
        api=True,
        allowed=frozenset({"admin", "secretary"}),
        data=_api_new_notice,
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_state,
    ),
}
