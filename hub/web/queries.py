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
    return {
        "role_labels": role_labels or ([_("Platform administrator")] if scope.is_superuser else []),
        "organizations": list(visible(user, Organization.objects.all())[:10]),
        "compounds": [(c, statuses.get(c.pk)) for c in compounds],
        "people_count": visible(user, Person.objects.all()).count(),
        "recent_jobs": list(visible(user, Job.objects.all())[:5]),
        "person": user.person if user.person_id else None,
        "can_import": scope.has_role(
            Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR
        ),
    }
