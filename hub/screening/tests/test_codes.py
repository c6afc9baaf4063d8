"""Codes are issued only by POST doors; the pages that show or print them only read."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hub.people.models import Person
from hub.screening.actions.codes import ensure_code, issue_missing_codes
from hub.screening.models import ScreeningCode
from hub.testing.builders import at, make_screening_round


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_relative_code_page_issues_nothing_and_says_the_code_is_missing(cast):
    url = reverse("screening:relative-code", args=[cast.person_resident.pk])
    page = _client(cast.users["coordinator"]).get(url)
    assert 'data-code-state="not-issued"' in page.content.decode()
    assert not ScreeningCode.objects.filter(person=cast.person_resident).exists()


def test_issuing_a_relative_code_by_post_then_prints_it(cast):
    client = _client(cast.users["coordinator"])
    issue = reverse("screening:relative-code-issue", args=[cast.person_resident.pk])
    response = client.post(issue, follow=True)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ScreeningCode.objects.filter(person=cast.person_resident).count() == 1


def test_my_code_page_reads_and_a_resident_issues_their_own_code_by_post(cast):
    resident = cast.users["volunteer"]  # 张贝 lives in 青年公寓 2号楼
    client = _client(resident)
    page = client.get(reverse("screening:my-code"))
    assert 'data-code-state="not-issued"' in page.content.decode()
    assert not ScreeningCode.objects.exists()
    page = client.post(reverse("screening:my-code-issue"), follow=True)
    assert "<img" in page.content.decode()
    assert ScreeningCode.objects.filter(person_id=resident.person_id).count() == 1


def test_issuing_missing_codes_keeps_existing_ones_and_fills_the_rest(cast):
    kept = ensure_code(person=cast.person_resident, now=at(4, 1))
    register = Person.objects.filter(household__building__compound=cast.compound_own).count()
    n = issue_missing_codes(by=cast.users["coordinator"], compound=cast.compound_own, now=at(4, 2))
    assert n == register - 1
    assert ScreeningCode.objects.get(person=cast.person_resident).token == kept.token
    again = issue_missing_codes(by=None, compound=cast.compound_own, now=at(4, 2))
    assert again == 0


def test_the_round_page_issues_missing_codes_for_its_compound(cast):
    round_ = make_screening_round(cast)
    client = _client(cast.users["coordinator"])
    client.post(reverse("screening:round-issue-codes", args=[round_.pk]))
    register = Person.objects.filter(household__building__compound=cast.compound_own).count()
    assert (
        ScreeningCode.objects.filter(
            person__household__building__compound=cast.compound_own
        ).count()
        == register
    )
