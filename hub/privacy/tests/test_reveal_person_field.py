import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import Cast
from hub.errors import DomainError
from hub.privacy.actions import reveal_person_field
from hub.privacy.models import AccessLog

pytestmark = pytest.mark.django_db


def test_revealing_a_phone_returns_it_and_writes_an_access_log_row(cast: Cast) -> None:
    value = reveal_person_field(
        by=cast.secretary, person=cast.person_member, field="phone", reason="call"
    )
    assert value == "13800001111"
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.subject_id, log.field, log.reason) == (
        cast.secretary,
        "reveal",
        str(cast.person_member.pk),
        "phone",
        "call",
    )
    assert log.organization == cast.org_health


def test_office_staff_may_not_reveal_and_nothing_is_logged(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        reveal_person_field(by=cast.office, person=cast.person_member, field="phone")
    assert err.value.code == "forbidden"
    assert AccessLog.objects.count() == 0


def test_building_leader_may_reveal_a_phone_but_not_an_id_number(cast: Cast) -> None:
    assert reveal_person_field(by=cast.leader, person=cast.person_resident, field="phone")
    with pytest.raises(DomainError):
        reveal_person_field(by=cast.leader, person=cast.person_resident, field="id_number")


def test_unknown_field_cannot_be_revealed(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        reveal_person_field(by=cast.admin, person=cast.person_member, field="name")
    assert err.value.code == "not_revealable"


def test_person_page_shows_masked_values_only(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.secretary)
    html = client.get(
        reverse("people:person-detail", kwargs={"person_id": cast.person_member.pk})
    ).content.decode()
    assert "138****1111" in html
    assert "13800001111" not in html
    assert cast.person_member.id_number not in html


def test_volunteer_never_receives_a_raw_phone_from_the_api(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.volunteer)
    body = client.get(reverse("api:person-list")).content.decode()
    assert "13500005555" not in body
    assert "135****5555" in body


def test_api_reveal_logs_the_access(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("api:person-reveal", kwargs={"pk": cast.person_resident.pk}),
        {"field": "id_number", "reason": "核对"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"field": "id_number", "value": cast.person_resident.id_number}
    assert AccessLog.objects.filter(actor=cast.coordinator, field="id_number").count() == 1
