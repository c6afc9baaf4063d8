"""Compound pages: the list, one compound with its buildings and status, one building."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hub.access import acting_user, changeable, get_changeable, get_visible
from hub.errors import DomainError
from hub.places.actions import set_area_status
from hub.places.forms import AreaStatusForm
from hub.places.models import AreaStatus, Building, Compound
from hub.places.queries import (
    current_statuses,
    list_buildings,
    list_compounds,
    list_households,
    status_at,
)


@login_required
@require_GET
def compound_list(request: HttpRequest) -> HttpResponse:
    compounds = list(list_compounds(request.user))
    statuses = current_statuses(compounds)
    rows = [(c, statuses.get(c.pk)) for c in compounds]
    return render(request, "places/compound_list.html", {"rows": rows})


@login_required
@require_GET
def compound_detail(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = get_visible(
        request.user, Compound.objects.select_related("organization"), pk=compound_id
    )
    can_change = changeable(request.user, Compound.objects.filter(pk=compound.pk)).exists()
    history = AreaStatus.objects.filter(compound=compound).select_related("building")[:20]
    return render(
        request,
        "places/compound_detail.html",
        {
            "compound": compound,
            "status": status_at(compound),
            "history": history,
            "buildings": list_buildings(request.user, compound),
            "can_change": can_change,
            "form": AreaStatusForm() if can_change else None,
        },
    )


@login_required
@require_POST
def compound_status(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = get_changeable(request.user, Compound.objects.all(), pk=compound_id)
    form = AreaStatusForm(request.POST)
    if form.is_valid():
        try:
            set_area_status(
                by=acting_user(request),
                compound=compound,
                status=form.cleaned_data["status"],
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Area status updated."))
    else:
        messages.error(request, _("Please check the status form: %s") % form.errors.as_text())
    return redirect("places:compound-detail", compound_id=compound.pk)


@login_required
@require_GET
def building_detail(request: HttpRequest, building_id: int) -> HttpResponse:
    building = get_visible(
        request.user, Building.objects.select_related("compound"), pk=building_id
    )
    return render(
        request,
        "places/building_detail.html",
        {
            "building": building,
            "households": list_households(request.user, building),
            "status": status_at(building.compound, building=building),
        },
    )
