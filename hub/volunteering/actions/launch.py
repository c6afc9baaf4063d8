"""The drive wizard's one write: a post (or an existing one), its shift or daily series, and a
recruitment drive of them, created together or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Branch
from hub.places.models import Compound
from hub.volunteering.actions.posts import create_post, create_shift, create_shift_series
from hub.volunteering.actions.signups import create_drive, publish_drive
from hub.volunteering.models import Drive, Post

NEW_POST_FIELDS = {"organization", "name", "site", "kind", "branch", "compound"}


@transaction.atomic
def launch_drive(
    *,
    by: User | None,
    post: Post | None = None,
    new_post: Mapping[str, Any] | None = None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    min_staff: int = 1,
    waitlist_size: int = 0,
    needs_team_lead: bool = False,
    days: int = 1,
    title: str,
    description: str = "",
    requires_approval: bool = True,
    branches: Iterable[Branch] = (),
    compounds: Iterable[Compound] = (),
    is_public: bool = False,
    publish: bool = False,
    now: dt.datetime | None = None,
) -> Drive:
    """Create the drive of one shift (or a daily series of ``days`` shifts) of ``post``, or of a
    post made from ``new_post`` (organization, name, site, kind, branch, compound), recruiting
    for the post's organization; published at once (the pool told) when ``publish``.

    All or nothing: any refusal leaves no post, shift or drive behind. Raises DomainError from
    create_post, create_shift(_series), create_drive and publish_drive, each naming its field;
    ``post`` (required) when neither or both of ``post`` and ``new_post`` are given.
    """
    if (post is None) == (new_post is None):
        raise DomainError(
            _("Choose an existing post or describe a new one."), code="required", field="post"
        )
    if post is None:
        values = dict(new_post or {})
        unknown = set(values) - NEW_POST_FIELDS
        if unknown:
            raise DomainError(
                _("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field"
            )
        organization = values.pop("organization", None)
        if organization is None:
            raise DomainError(
                _("Choose the organizing organization."), code="required", field="organization"
            )
        post = create_post(by=by, organization=organization, **values)
    common: dict[str, Any] = {
        "by": by,
        "post": post,
        "capacity": capacity,
        "min_staff": min_staff,
        "waitlist_size": waitlist_size,
        "needs_team_lead": needs_team_lead,
    }
    if days > 1:
        shifts = create_shift_series(
            first_starts_at=starts_at, first_ends_at=ends_at, days=days, **common
        )
    else:
        shifts = [create_shift(starts_at=starts_at, ends_at=ends_at, **common)]
    drive = create_drive(
        by=by,
        organization=post.organization,
        title=title,
        description=description,
        requires_approval=requires_approval,
        shifts=shifts,
        branches=branches,
        compounds=compounds,
        is_public=is_public,
    )
    if publish:
        drive = publish_drive(by=by, drive=drive, now=now)
    return drive
