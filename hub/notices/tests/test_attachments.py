"""Attachments: small, of a known type that matches their bytes, safely named and served."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.notices.actions import MAX_ATTACHMENT_BYTES, add_attachment
from hub.notices.models import NoticeAttachment
from hub.testing.builders import PDF, make_notice

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def draft(cast):
    return make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first], publish=False
    )


def attach(cast, notice, filename="值班表.pdf", content_type="application/pdf", content=PDF):
    return add_attachment(
        by=cast.admin, notice=notice, filename=filename, content_type=content_type, content=content
    )


def refusal(cast, notice, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        attach(cast, notice, **kwargs)
    assert NoticeAttachment.objects.count() == 0
    return error.value


def test_a_file_over_5_mb_is_refused_with_its_size(cast, draft) -> None:
    error = refusal(cast, draft, content=PDF + b"0" * MAX_ATTACHMENT_BYTES)

    assert error.code == "attachment_too_large"
    assert error.message == "The file is 5.0 MB; an attachment may be at most 5 MB."


def test_a_file_of_exactly_5_mb_is_accepted(cast, draft) -> None:
    content = PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF))

    assert attach(cast, draft, content=content).size == MAX_ATTACHMENT_BYTES


def test_an_unknown_kind_of_file_is_refused_with_the_allowed_kinds(cast, draft) -> None:
    error = refusal(cast, draft, filename="setup.exe", content_type="application/x-msdownload")

    assert error.code == "attachment_type"
    assert ".pdf" in error.message and ".xlsx" in error.message


def test_a_file_whose_bytes_do_not_match_its_name_is_refused(cast, draft) -> None:
    error = refusal(cast, draft, filename="通知.pdf", content=b"<html><script>alert(1)</script>")

    assert error.code == "attachment_content_mismatch"
    assert error.message == "The file does not look like a .pdf file; it was not attached."


def test_a_declared_type_that_contradicts_the_name_is_refused(cast, draft) -> None:
    error = refusal(cast, draft, filename="通知.pdf", content_type="text/html")

    assert error.code == "attachment_type"
    assert "text/html" in error.message


def test_the_stored_type_comes_from_the_checked_file_not_the_browser(cast, draft) -> None:
    stored = attach(
        cast, draft, filename="photo.PNG", content_type="application/octet-stream", content=PNG
    )

    assert stored.content_type == "image/png"
    assert stored.filename == "photo.png"


def test_names_lose_paths_and_unsafe_characters(cast, draft) -> None:
    stored = attach(cast, draft, filename='..\\..\\C:\\temp\\值班"表"\r\n<1>.pdf')

    assert stored.filename == "值班_表_1.pdf"


def test_attachments_are_added_before_publishing(cast) -> None:
    published = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    error = refusal(cast, published)

    assert error.code == "notice_published"


def test_downloads_are_attachments_that_browsers_may_not_sniff(cast) -> None:
    notice = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first], attachment=True
    )
    client = Client()
    client.force_login(cast.volunteer)

    response = client.get(
        reverse(
            "notices:attachment-download", kwargs={"attachment_id": notice.attachments.get().pk}
        )
    )

    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%80%BC%E7%8F%AD%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_organizations_attachment_answers_404(cast) -> None:
    foreign = make_notice(
        cast.outsider, organization=cast.org_other, audience=[cast.branch_other], attachment=True
    )
    client = Client()
    client.force_login(cast.admin)

    response = client.get(
        reverse(
            "notices:attachment-download", kwargs={"attachment_id": foreign.attachments.get().pk}
        )
    )

    assert response.status_code == 404


def test_the_upload_page_shows_the_size_message(cast, draft) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.admin)
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (6 * 1024 * 1024), "application/pdf")

    response = client.post(
        reverse("notices:notice-attach", kwargs={"notice_id": draft.pk}), {"file": big}, follow=True
    )

    assert "an attachment may be at most 5 MB" in response.content.decode()
    assert NoticeAttachment.objects.count() == 0
