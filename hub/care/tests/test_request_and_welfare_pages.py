"""The request page (triage, assignment, claim, medicine run, cancel), welfare schedules and
follow-ups, and the dashboard's constant number of queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.care.actions import pair_volunteer, record_welfare_call
from hub.care.models import HelpRequest, WelfareSchedule
from hub.notify.models import Message
from hub.people.models import Membership
from hub.testing.builders import login_for, make_care_recipient, make_help_request, member


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def detail(req):
    return reverse("care:request-detail", kwargs={"request_id": req.pk})


def door(name, req):
    return reverse(f"care:{name}", kwargs={"request_id": req.pk})


def test_the_coordinator_triages_and_assigns_from_the_request_page(cast):
    req = make_help_request(cast)
    client = signed_in(cast.coordinator)
    page = client.get(detail(req)).content.decode()
    assert door("request-triage", req) in page and door("request-assign", req) in page
    client.post(door("request-triage", req), {"urgency": "urgent"})
    client.post(door("request-assign", req), {"person": cast.volunteer.person.pk})
    req.refresh_from_db()
    assert (req.status, req.urgency, req.assignee) == ("claimed", "urgent", cast.volunteer.person)
    told = Message.objects.get(template="care.request_assigned")
    assert told.recipient == cast.volunteer.person
    # Given away: nobody is offered to take it or give it again; the volunteer may finish it.
    page = client.get(detail(req)).content.decode()
    assert door("request-assign", req) not in page and door("request-claim", req) not in page
    mine = signed_in(cast.volunteer).get(detail(req)).content.decode()
    assert door("request-resolve", req) in mine and door("request-cancel", req) not in mine


def test_a_volunteer_claims_and_a_second_volunteer_sees_it_claimed(cast):
    req = make_help_request(cast)
    neighbour = login_for(member(cast, 1, household=cast.household_own, branch=cast.branch_first))
    assert door("request-claim", req) in signed_in(neighbour).get(detail(req)).content.decode()
    signed_in(cast.volunteer).post(door("request-claim", req))
    page = signed_in(neighbour).get(detail(req)).content.decode()
    assert door("request-claim", req) not in page and door("request-resolve", req) not in page
    assert "张贝" in page
    response = signed_in(neighbour).post(door("request-claim", req))
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.assignee == cast.volunteer.person


def test_the_medicine_run_is_recorded_step_by_step_from_the_page(cast):
    req = make_help_request(cast, need="medicine")
    client = signed_in(cast.coordinator)
    client.post(door("request-assign", req), {"person": cast.volunteer.person.pk})
    volunteer = signed_in(cast.volunteer)
    assert 'value="picked_up"' in volunteer.get(detail(req)).content.decode()
    volunteer.post(door("request-medicine", req), {"step": "handed_over"})
    req.refresh_from_db()
    assert req.handed_over_at is None  # out of order: refused, said on the page
    volunteer.post(
        door("request-medicine", req),
        {"step": "picked_up", "prescription_holder": "陈秀英", "pharmacy": "莘庄社区卫生服务中心"},
    )
    assert 'value="handed_over"' in volunteer.get(detail(req)).content.decode()
    volunteer.post(door("request-medicine", req), {"step": "handed_over"})
    req.refresh_from_db()
    assert req.picked_up_at and req.handed_over_at and req.pharmacy == "莘庄社区卫生服务中心"
    assert req.medicine_next_step is None


def test_the_coordinator_cancels_with_a_reason_and_a_volunteer_may_not(cast):
    req = make_help_request(cast)
    assert (
        signed_in(cast.volunteer).post(door("request-cancel", req), {"reason": "x"}).status_code
        == 403
    )
    client = signed_in(cast.coordinator)
    client.post(door("request-cancel", req), {"reason": ""})
    req.refresh_from_db()
    assert req.status == "new"
    client.post(door("request-cancel", req), {"reason": "家属已送到"})
    req.refresh_from_db()
    assert (req.status, req.resolution) == ("cancelled", "家属已送到")
    assert not req.may_be_triaged and door("request-triage", req) not in (
        client.get(detail(req)).content.decode()
    )


def test_welfare_calls_are_scheduled_from_the_page_and_a_follow_up_is_closed_in_place(cast):
    client = signed_in(cast.secretary)
    assert (
        reverse("care:welfare-create") in client.get(reverse("care:welfare-list")).content.decode()
    )
    client.post(
        reverse("care:welfare-create"),
        {
            "organization": cast.org_health.pk,
            "person": cast.person_member.pk,
            "reason": "sealed",
            "every_days": 2,
            "caller": cast.volunteer.person.pk,
        },
    )
    schedule = WelfareSchedule.objects.get()
    assert (schedule.person, schedule.every_days, schedule.caller) == (
        cast.person_member,
        2,
        cast.volunteer.person,
    )
    call = record_welfare_call(
        by=cast.secretary, schedule=schedule, wellbeing="还好", follow_up="送降压药"
    )
    url = reverse("care:welfare-follow-up", kwargs={"call_id": call.pk})
    assert url in client.get(reverse("care:welfare-list")).content.decode()
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and url not in response.content.decode()
    call.refresh_from_db()
    assert call.follow_up_done_at is not None


def test_an_admin_schedules_calls_to_everyone_seconded_in_one_go(cast):
    people = [member(cast, n) for n in range(3)]
    Membership.objects.filter(person__in=people).update(seconded_to="市疫情防控指挥部")
    client = signed_in(cast.admin)
    response = client.post(
        reverse("care:welfare-seconded"), {"organization": cast.org_health.pk, "every_days": 3}
    )
    assert response.status_code == 302
    assert sorted(WelfareSchedule.objects.values_list("person_id", "reason")) == sorted(
        (p.pk, "seconded") for p in people
    )
    assert signed_in(cast.secretary).post(reverse("care:welfare-seconded")).status_code == 403


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("care:dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_runs_the_same_queries_for_one_request_or_many(
    cast, django_assert_num_queries
):
    client = signed_in(cast.coordinator)
    make_help_request(cast, room="301")
    make_care_recipient(cast, paired_with=cast.volunteer.person)
    few = _dashboard_queries(client)
    for n in range(8):
        make_help_request(cast, room=f"40{n}")
    others = [member(cast, n, household=cast.household_own) for n in range(3)]
    for n, person in enumerate(others):
        entry = make_care_recipient(cast, person=person, needs=("food",))
        pair_volunteer(
            by=cast.coordinator,
            recipient=entry,
            volunteer=others[(n + 1) % 3],
            mode="call",
            per_week=2,
        )
    assert HelpRequest.objects.count() == 9
    with django_assert_num_queries(few):
        client.get(reverse("care:dashboard"))
