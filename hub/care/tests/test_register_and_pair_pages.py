"""The register, pairing and proposal pages: each a door onto one action, the rules said back."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

from hub.care.models import CareHealth, CareRecipient, Pairing, Purchase
from hub.privacy.masking import mask_room
from hub.privacy.models import AccessLog
from hub.testing.builders import make_care_recipient, member


def zh(message: str) -> str:
    """How the (Chinese-first) pages say ``message``."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_registers_a_person_on_the_page_and_the_health_record_stays_hidden(cast):
    client = signed_in(cast.coordinator)
    form = client.get(reverse("care:recipient-create"), {"q": "陈"}).content.decode()
    assert f"陈** · 1号楼 {mask_room('301')}" in form and "陈秀英" not in form
    response = client.post(
        reverse("care:recipient-create"),
        {
            "organization": cast.org_rc.pk,
            "person": cast.person_resident.pk,
            "category": "seriously_ill",
            "needs": ["food", "medical_visit"],
            "contact_name": "女儿",
            "contact_phone": "13912345678",
            "condition": "dialysis",
            "condition_details": "每周二、五透析",
        },
    )
    entry = CareRecipient.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/people/{entry.pk}/")
    assert entry.needs == ["food", "medical_visit"] and entry.household == cast.household_own
    assert CareHealth.objects.get(recipient=entry).details == "每周二、五透析"
    page = client.get(response["Location"]).content.decode()
    assert "每周二、五透析" not in page and "139****5678" in page and "13912345678" not in page
    client.post(
        reverse("care:health-reveal", kwargs={"recipient_id": entry.pk}), {"reason": "送医"}
    )
    assert AccessLog.objects.filter(subject_type="care_health", reason="送医").count() == 1


def test_a_bad_registration_is_said_on_the_form_and_writes_nothing(cast):
    client = signed_in(cast.coordinator)
    make_care_recipient(cast)
    response = client.post(
        reverse("care:recipient-create"),
        {"organization": cast.org_rc.pk, "person": cast.person_resident.pk, "category": "alone"},
    )
    assert response.status_code == 200
    assert zh("This person is already on the register.") in response.content.decode()
    assert CareRecipient.objects.count() == 1


def test_a_coordinator_pairs_a_volunteer_for_a_period_with_a_cadence(cast):
    entry = make_care_recipient(cast)
    client = signed_in(cast.coordinator)
    page = client.get(reverse("care:recipient-detail", kwargs={"recipient_id": entry.pk}))
    assert 'name="volunteer"' in page.content.decode()
    client.post(
        reverse("care:pairing-create", kwargs={"recipient_id": entry.pk}),
        {
            "volunteer": cast.volunteer.person.pk,
            "mode": "call",
            "per_week": 7,
            "starts_on": "2022-04-02",
            "ends_on": "2022-04-30",
        },
    )
    pairing = Pairing.objects.get()
    assert (pairing.volunteer, pairing.per_week, str(pairing.ends_on)) == (
        cast.volunteer.person,
        7,
        "2022-04-30",
    )


def test_a_visit_from_outside_the_sealed_building_is_refused_with_the_rule(cast):
    entry = make_care_recipient(cast)
    client = signed_in(cast.coordinator)
    response = client.post(
        reverse("care:pairing-create", kwargs={"recipient_id": entry.pk}),
        {"volunteer": cast.volunteer.person.pk, "mode": "visit", "per_week": 2},
        follow=True,
    )
    said = zh(
        "%(building)s is sealed: only a volunteer living in it may visit. "
        "Pair someone inside, or pair by phone."
    ) % {"building": "1号楼"}
    assert said in response.content.decode()
    assert not Pairing.objects.exists()


def test_ending_a_pairing_and_closing_the_entry_from_the_page(cast):
    entry = make_care_recipient(cast, paired_with=cast.volunteer.person)
    client = signed_in(cast.coordinator)
    pairing = entry.pairings.get()
    client.post(reverse("care:pairing-end", kwargs={"pairing_id": pairing.pk}))
    pairing.refresh_from_db()
    assert not pairing.is_active
    client.post(reverse("care:recipient-close", kwargs={"recipient_id": entry.pk}))
    entry.refresh_from_db()
    assert not entry.is_active
    page = client.get(reverse("care:recipient-detail", kwargs={"recipient_id": entry.pk}))
    assert reverse("care:recipient-close", kwargs={"recipient_id": entry.pk}) not in (
        page.content.decode()
    )


def test_a_purchase_is_marked_reimbursed_in_place_by_htmx(cast):
    from hub.care.actions import record_contact

    entry = make_care_recipient(cast, paired_with=cast.volunteer.person)
    contact = record_contact(
        by=cast.volunteer,
        recipient=entry,
        mode="visit",
        outcome="well",
        purchases=[{"items": "米、菜", "cost": "56.80", "paid_by": "张贝"}],
    )
    purchase = contact.purchases.get()
    url = reverse("care:purchase-reimbursed", kwargs={"purchase_id": purchase.pk})
    volunteer_page = signed_in(cast.volunteer).get(
        reverse("care:recipient-detail", kwargs={"recipient_id": entry.pk})
    )
    assert url not in volunteer_page.content.decode()
    assert signed_in(cast.volunteer).post(url).status_code == 403
    response = signed_in(cast.coordinator).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and url not in response.content.decode()
    assert Purchase.objects.get().reimbursed


def test_the_proposal_page_proposes_and_an_edited_row_is_what_gets_paired(cast):
    entry = make_care_recipient(cast)
    inside = member(cast, 1, household=cast.household_own, branch=cast.branch_first)
    client = signed_in(cast.coordinator)
    page = client.get(
        reverse("care:pairing-proposal"), {"organization": cast.org_rc.pk, "mode": "call"}
    )
    text = page.content.decode()
    assert f'name="volunteer_{entry.pk}"' in text
    assert f'<option value="{inside.pk}" selected>' in text  # the same building first
    assert Pairing.objects.count() == 0  # proposing writes nothing
    response = client.post(
        reverse("care:pairing-proposal"),
        {
            "organization": cast.org_rc.pk,
            "mode": "call",
            "per_week": 3,
            "take": [entry.pk],
            f"volunteer_{entry.pk}": cast.volunteer.person.pk,  # the coordinator's edit
        },
    )
    assert response.status_code == 302
    made = Pairing.objects.get()
    assert (made.recipient, made.volunteer, made.per_week) == (entry, cast.volunteer.person, 3)


def test_a_volunteer_sees_only_the_people_paired_with_them_on_pages_and_in_the_api(cast):
    from rest_framework.test import APIClient

    from hub.care.actions import record_contact

    mine = make_care_recipient(cast, paired_with=cast.volunteer.person)
    other = make_care_recipient(cast, person=cast.person_other_compound, by=cast.rc_admin)
    record_contact(by=cast.rc_admin, recipient=other, mode="call", outcome="well")
    client = signed_in(cast.volunteer)
    listed = client.get(reverse("care:recipient-list")).content.decode()
    assert f"/people/{mine.pk}/" in listed and f"/people/{other.pk}/" not in listed
    assert (
        client.get(reverse("care:recipient-detail", kwargs={"recipient_id": other.pk})).status_code
        == 404
    )
    assert reverse("care:recipient-create") not in listed
    api = APIClient()
    api.force_authenticate(cast.volunteer)
    contacts = api.get(reverse("api:care-contact-list")).json()
    rows = contacts["results"] if isinstance(contacts, dict) else contacts
    assert {row["recipient"] for row in rows} <= {mine.pk}
    response = api.post(
        reverse("api:care-contact-list"),
        {"recipient": other.pk, "mode": "call", "outcome": "well"},
        format="json",
    )
    assert response.status_code == 403


def test_a_small_team_is_paired_from_the_page_member_by_member(cast):
    from hub.accounts.models import User
    from hub.people.actions import create_branch

    team = create_branch(
        by=User.objects.get(username="root"),
        organization=cast.org_rc,
        name="助老小分队",
        kind="team",
    )
    members = [member(cast, n, branch=team) for n in range(3)]
    entry = make_care_recipient(cast)
    client = signed_in(cast.coordinator)
    form = client.get(reverse("care:recipient-detail", kwargs={"recipient_id": entry.pk}))
    assert f'<option value="{team.pk}">助老小分队</option>' in form.content.decode()
    client.post(
        reverse("care:pairing-create", kwargs={"recipient_id": entry.pk}),
        {"team": team.pk, "mode": "call", "per_week": 2},
    )
    assert sorted(entry.pairings.values_list("volunteer_id", "team_id")) == sorted(
        (m.pk, team.pk) for m in members
    )
