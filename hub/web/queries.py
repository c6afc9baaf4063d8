"""The home page's summary for each role."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hub.access import scope_for, visible
from hub.accounts.models import Role
from hub.jobs.models import Job
from hub.people.models import Organization, Person
from hub.places.models import Compound
from hub.places.queries import current_statuses


def home_summary(user: Any) -> dict[str, Any]:
    """Cards for the home page: the user's organizations, compounds, people in scope, jobs."""
    scope = scope_for(user)
    compounds = list(visible(user, Compound.objects.all()).order_by("name")[:20])
    statuses = current_statuses(compounds)
    role_labels = [str(label) for value, label in Role.choices if value in scope.roles]
    from django.utils import timezone

    from hub.notices.models import NoticeRecipient
    from hub.volunteering.models import Drive, SignUp

    person_id = scope.person_id
    unread = (
        NoticeRecipient.objects.filter(
            person_id=person_id, acknowledged_at__isnull=True, notice__status="published"
        ).count()
        if person_id
        else 0
    )
    next_shift = (
        SignUp.objects.filter(
            person_id=person_id, status=SignUp.Status.APPROVED, shift__ends_at__gte=timezone.now()
        )
        .select_related("shift__post")
        .order_by("shift__starts_at")
        .first()
        if person_id
        else None
    )
    open_drives = visible(user, Drive.objects.filter(status=Drive.Status.PUBLISHED)).count()
    return {
        "unread_notices": unread,
        "next_signup": next_shift,
        "open_drives": open_drives,
        "role_labels": role_labels or ([_("Platform administrator")] if scope.is_superuser else []),
        "organizations": list(visible(user, Organization.objects.all())[:10]),
        "compounds": [(c, statuses.get(c.pk)) for c in compounds],
        "people_count": visible(user, Person.objects.all()).count(),
        "recent_jobs": list(visible(user, Job.objects.all())[:5]),
        "person": user.person if user.person_id else None,
        "can_import": scope.has_role(
            Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR
        ),
        "is_org_admin": scope.has_role(Role.ORG_ADMIN),
    }
