"""People pages: a scoped, masked list; a profile; revealing a full value (logged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from hub.access import acting_user, may_reveal
from hub.errors import DomainError
from hub.people.queries import full_name_ids, get_person_for, list_people
from hub.privacy.actions import REVEALABLE_FIELDS, reveal_person_field
from hub.ratelimit.client import client_address


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:60]
    page = Paginator(list_people(request.user, search=search), 30).get_page(request.GET.get("page"))
    full_names = full_name_ids(request.user, list(page.object_list))
    return render(
        request, "people/person_list.html", {"page": page, "q": search, "full_names": full_names}
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for(request.user, person_id)
    can_reveal = {f: may_reveal(request.user, person, f) for f in REVEALABLE_FIELDS}
    display_name = person.name if full_name_ids(request.user, [person]) else person.masked_name
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "can_reveal": can_reveal, "display_name": display_name},
    )


@login_required
@require_POST
def person_reveal(request: HttpRequest, person_id: int, field: str) -> HttpResponse:
    person = get_person_for(request.user, person_id)
    try:
        value = reveal_person_field(
            by=acting_user(request),
            person=person,
            field=field,
            reason=request.POST.get("reason", ""),
            ip_address=client_address(request) or None,
        )
    except DomainError as exc:
        status = 403 if exc.code == "forbidden" else 400
        return render(request, "people/_revealed.html", {"error": exc.message}, status=status)
    return render(request, "people/_revealed.html", {"value": value, "field": field})
