"""The demo world's care stories (built once by seed_demo at a small scale)."""

from hub.care.models import CareRecipient, HelpRequest, Pairing, WelfareSchedule
from hub.demo.tests.conftest import small_world  # noqa: F401  (the fixture)
from hub.notify.models import Message


def test_the_elderly_resident_is_paired_and_her_log_has_a_purchase(small_world):  # noqa: F811
    entry = CareRecipient.objects.get(household__room="302", household__building__name="3号楼")
    assert Pairing.objects.filter(recipient=entry, status="active").count() == 3
    visit = entry.contacts.get()
    assert visit.purchases.get().items.startswith("山药")
    assert visit.next_due_at is not None
    pairing = entry.pairings.order_by("pk").first()
    assert pairing.alerted_at is not None and pairing.escalated_at is not None
    assert Message.objects.filter(template="care.contact_escalated").exists()


def test_the_relative_request_is_done_and_the_seconded_staff_get_calls(small_world):  # noqa: F811
    req = HelpRequest.objects.get(relation="relative")
    assert (req.status, req.need) == ("done", "medicine")
    assert req.handed_over_at is not None and req.assignee is not None
    schedules = WelfareSchedule.objects.filter(reason="seconded")
    assert schedules.count() == 4
    assert all(s.calls.count() == 1 for s in schedules)
