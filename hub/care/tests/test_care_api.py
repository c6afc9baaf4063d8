from django.urls import reverse
from rest_framework.test import APIClient

from hub.care.models import HelpRequest
from hub.testing.builders import make_care_recipient, make_help_request


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_another_tool_files_a_request_and_a_duplicate_comes_back_merged(cast):
    body = {
        "compound": cast.compound_own.pk,
        "building": cast.building_own.pk,
        "room": "301",
        "for_name": "陈秀英",
        "requester_phone": "13912345678",
        "need": "medicine",
        "urgency": "today",
    }
    api = client_for(cast.coordinator)
    first = api.post(reverse("api:care-request-list"), body, format="json")
    again = api.post(reverse("api:care-request-list"), body, format="json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["requester_phone"] == "139****5678"
    assert HelpRequest.objects.filter(status="merged").count() == 1


def test_a_bad_request_body_is_answered_in_json_and_writes_nothing(cast):
    api = client_for(cast.coordinator)
    response = api.post(
        reverse("api:care-request-list"),
        {
            "compound": cast.compound_own.pk,
            "for_name": "x",
            "requester_phone": "1",
            "need": "food",
            "urgency": "now",
        },
        format="json",
    )
    assert response.status_code == 400 and "urgency" in response.json()
    assert not HelpRequest.objects.exists()


def test_a_second_claim_gets_already_claimed(cast):
    req = make_help_request(cast)
    url = reverse("api:care-request-claim", kwargs={"pk": req.pk})
    assert client_for(cast.volunteer).post(url).status_code == 200
    again = client_for(cast.volunteer).post(url)
    assert (again.status_code == 400 and again.json()["code"] == "not_open") or again.json()[
        "code"
    ] == "already_claimed"


def test_the_paired_volunteer_logs_a_contact_with_a_purchase(cast, django_assert_max_num_queries):
    entry = make_care_recipient(cast, paired_with=cast.volunteer.person)
    api = client_for(cast.volunteer)
    created = api.post(
        reverse("api:care-contact-list"),
        {
            "recipient": entry.pk,
            "mode": "call",
            "outcome": "well",
            "purchases": [{"items": "挂面", "cost": "9.90", "paid_by": "张贝"}],
        },
        format="json",
    )
    assert created.status_code == 201
    assert entry.contacts.get().purchases.get().items == "挂面"
    with django_assert_max_num_queries(8):
        listed = api.get(reverse("api:care-contact-list"))
    assert [row["id"] for row in listed.json()["results"]] == [created.json()["id"]]
