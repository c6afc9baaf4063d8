"""State changes of the volunteer's own area: shift reminders through the notification outbox."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.notify.models import Message, Topic
from hub.notify.routing import notify_person
from hub.notify.templates import register_template
from hub.volunteering.models import Shift, SignUp

REMINDER_TEMPLATE = "me.shift_reminder"
DEFAULT_LEAD = dt.timedelta(hours=12)

register_template(
    REMINDER_TEMPLATE,
    _("Reminder: {post} at {starts}"),
    _("Your shift “{post}” starts at {starts} ({site}) and ends at {ends}. Thank you for serving!"),
)


def reminder_key(signup: SignUp) -> str:
    return f"reminder:{signup.pk}"


@transaction.atomic
def send_shift_reminders(*, now: dt.datetime, lead: dt.timedelta = DEFAULT_LEAD) -> int:
    """Remind each approved volunteer of a shift starting within ``lead`` after ``now``.

    Each sign-up is reminded at most once (outbox dedupe key ``reminder:<sign-up id>``), so
    running this every few minutes, or twice at once, sends one reminder per sign-up. Cancelled
    and draft shifts are skipped. The messages are written to the outbox in this transaction.
    Returns how many new reminders were written. Raises nothing for an empty window.
    """
    due = list(
        SignUp.objects.filter(
            status=SignUp.Status.APPROVED,
            shift__starts_at__gt=now,
            shift__starts_at__lte=now + lead,
            shift__status__in=[Shift.Status.OPEN, Shift.Status.CLOSED],
        )
        .select_related(
            "person__household__building",
            "person__user",
            "shift",
            "shift__post",
            "shift__post__organization",
        )
        .prefetch_related("person__memberships__branch__parent__parent__parent")
        .order_by("shift__starts_at", "id")
    )
    done = set(
        Message.objects.filter(dedupe_key__in=[reminder_key(s) for s in due]).values_list(
            "dedupe_key", flat=True
        )
    )
    written = 0
    for signup in due:
        if reminder_key(signup) in done:
            continue
        shift, post = signup.shift, signup.shift.post
        notify_person(
            template=REMINDER_TEMPLATE,
            params={
                "post": post.name,
                "site": post.site,
                "starts": timezone.localtime(shift.starts_at).strftime("%Y-%m-%d %H:%M"),
                "ends": timezone.localtime(shift.ends_at).strftime("%H:%M"),
            },
            person=signup.person,
            organization=post.organization,
            topic=Topic.SHIFTS,
            dedupe_key=reminder_key(signup),
        )
        written += 1
    return written
