"""Other organizations' notices answer 404; members see only what was sent to them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hub.testing.builders import make_notice


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_organizations_notice_is_404_on_every_page(cast) -> None:
    foreign = make_notice(cast.outsider, organization=cast.org_other, audience=[cast.branch_other])
    admin = client_for(cast.admin)

    for route in ["notice-detail", "notice-manage"]:
        url = reverse(f"notices:{route}", kwargs={"notice_id": foreign.pk})
        assert admin.get(url).status_code == 404, route
    assert admin.post(reverse("notices:notice-remind", args=[foreign.pk])).status_code == 404


def test_another_organizations_notice_answers_like_a_missing_id_in_the_api(cast) -> None:
    foreign = make_notice(cast.outsider, organization=cast.org_other, audience=[cast.branch_other])
    admin = client_for(cast.admin)

    seen = admin.get(reverse("api:notice-detail", kwargs={"pk": foreign.pk}))
    missing = admin.get(reverse("api:notice-detail", kwargs={"pk": 987654}))

    assert seen.status_code == missing.status_code == 404
    assert seen.json() == missing.json()


def test_the_api_lists_only_notices_the_user_may_see(cast) -> None:
    own = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])
    make_notice(cast.outsider, organization=cast.org_other, audience=[cast.branch_other])
    make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first], publish=False
    )

    listed = client_for(cast.volunteer).get(reverse("api:notice-list")).json()["results"]

    assert [n["id"] for n in listed] == [own.pk]
    assert listed[0]["my_copy"]["acknowledged_at"] is None


def test_a_member_may_not_open_the_senders_tally(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    response = client_for(cast.volunteer).get(
        reverse("notices:notice-manage", kwargs={"notice_id": notice.pk})
    )

    assert response.status_code == 403


def test_the_tally_never_shows_phone_numbers(cast) -> None:
    notice = make_notice(cast.admin, organization=cast.org_health, audience=[cast.branch_first])

    page = client_for(cast.admin).get(
        reverse("notices:notice-manage", kwargs={"notice_id": notice.pk})
    )
    api = client_for(cast.admin).get(reverse("api:notice-recipients", kwargs={"pk": notice.pk}))

    for body in (page.content.decode(), api.content.decode()):
        assert "13800001111" not in body and "13500005555" not in body
        assert "王建国" in body
