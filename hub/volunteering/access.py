"""Who may see and change posts, shifts, drives, sign-ups and check-ins.

Many-to-many conditions are written as EXISTS subqueries so scoped lists never repeat a row.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.people.models import Membership, Person
from hub.volunteering.models import (
    CheckIn,
    Drive,
    HealthDeclaration,
    Post,
    Shift,
    SignUp,
    TrainingRecord,
)

DriveBranch = Drive.branches.through
DriveCompound = Drive.compounds.through


def post_visible(s: Scope, prefix: str = "") -> Q:
    """Posts of the user's organizations, and posts inside compounds the user coordinates/leads."""
    return Q(**{f"{prefix}organization_id__in": s.org_ids}) | Q(
        **{f"{prefix}compound_id__in": s.compound_ids | s.leader_compound_ids}
    )


def post_change(s: Scope, prefix: str = "") -> Q:
    """Org admins, the organizing branch's secretary, and the coordinator of the post's compound."""
    return (
        Q(**{f"{prefix}organization_id__in": s.admin_org_ids})
        | Q(**{f"{prefix}branch_id__in": s.branch_ids})
        | Q(**{f"{prefix}compound_id__in": s.compound_ids})
    )


def own(s: Scope, field: str = "person_id") -> Q:
    return Q(**{field: s.person_id}) if s.person_id else NOTHING


def member_of_org(org_ids: frozenset[int], branch_ids: frozenset[int] = frozenset()) -> Q:
    """The row's person is a member of these organizations or branches."""
    if not org_ids and not branch_ids:
        return NOTHING
    members = Membership.objects.filter(person=OuterRef("person_id"))
    return Q(
        Exists(members.filter(Q(branch__organization_id__in=org_ids) | Q(branch_id__in=branch_ids)))
    )


def in_drive_pool(s: Scope) -> Q:
    """Drives whose pool includes the user's person: a member of a listed branch or a resident
    of a listed compound (publishing a drive expands its branches to their sub-branches)."""
    if not s.person_id:
        return NOTHING
    my_branches = Membership.objects.filter(person_id=s.person_id).values("branch_id")
    by_branch = DriveBranch.objects.filter(drive_id=OuterRef("pk"), branch_id__in=my_branches)
    my_compound = Person.objects.filter(id=s.person_id).values("household__building__compound_id")
    by_compound = DriveCompound.objects.filter(drive_id=OuterRef("pk"), compound_id__in=my_compound)
    return Q(Exists(by_branch)) | Q(Exists(by_compound))


def _drive_managed(s: Scope) -> Q:
    q = Q(organization_id__in=s.admin_org_ids)
    if s.branch_ids:
        q |= Q(
            Exists(DriveBranch.objects.filter(drive_id=OuterRef("pk"), branch_id__in=s.branch_ids))
        )
    if s.compound_ids:
        q |= Q(
            Exists(
                DriveCompound.objects.filter(
                    drive_id=OuterRef("pk"), compound_id__in=s.compound_ids
                )
            )
        )
    return q


def _shift_visible(s: Scope) -> Q:
    q = post_visible(s, "post__")
    if s.person_id:
        q |= Q(Exists(SignUp.objects.filter(shift=OuterRef("pk"), person_id=s.person_id)))
        open_drives = Drive.objects.filter(Q(status="published") & in_drive_pool(s))
        q |= Q(Exists(open_drives.filter(shifts=OuterRef("pk"))))
    return q


register(Post, visible=post_visible, change=post_change)
register(Shift, visible=_shift_visible, change=lambda s: post_change(s, "post__"))
register(
    Drive,
    visible=lambda s: (
        _drive_managed(s)
        | Q(organization_id__in=s.office_org_ids)
        | (Q(status="published") & in_drive_pool(s))
    ),
    change=_drive_managed,
)


def office_duty(s: Scope) -> Q:
    """Office staff keep their organization's duty statistics (值班统计): they see its approved
    sign-ups on duty posts, and nothing else of sign-ups (names stay masked: they change no
    person)."""
    if not s.office_org_ids:
        return NOTHING
    return Q(
        shift__post__organization_id__in=s.office_org_ids,
        shift__post__kind=Post.Kind.DUTY,
        status=SignUp.Status.APPROVED,
    )


register(
    SignUp,
    visible=lambda s: own(s) | post_change(s, "shift__post__") | office_duty(s),
    change=lambda s: post_change(s, "shift__post__"),
)
register(
    CheckIn,
    visible=lambda s: own(s) | post_change(s, "shift__post__"),
    change=lambda s: post_change(s, "shift__post__"),
)
register(
    TrainingRecord,
    visible=lambda s: own(s) | member_of_org(s.admin_org_ids, s.branch_ids),
    change=lambda s: member_of_org(s.admin_org_ids, s.branch_ids),
)
# Health declarations are sensitive: the person and their organization's admins only.
register(
    HealthDeclaration,
    visible=lambda s: own(s) | member_of_org(s.admin_org_ids),
    change=own,
)
