"""The drive wizard: post, shift and drive in three phone-sized steps, one action at the end.

Each step's answers are kept in the session as posted; the last step checks every step again
and calls ``launch_drive`` once. A refusal is shown on the step whose field it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hub.access import acting_user
from hub.access.decorators import roles_required
from hub.domain_errors import add_domain_error
from hub.errors import DomainError
from hub.volunteering.actions.launch import launch_drive
from hub.volunteering.forms import LaunchDriveForm, LaunchPostForm, ShiftForm, accepts_warnings
from hub.volunteering.models import Shift
from hub.volunteering.views.drives import ORGANIZERS

SESSION_KEY = "volunteering.launch"
STEPS = ("post", "shift", "drive")


def _saved(request: HttpRequest) -> dict[str, dict[str, list[str]]]:
    return dict(request.session.get(SESSION_KEY) or {})


def _bound(
    step: str,
    user: Any,
    data: Any,
    *,
    initial: dict[str, Any] | None = None,
    planned: list[Shift] | None = None,
) -> Any:
    if step == "post":
        return LaunchPostForm(data, user=user, initial=initial)
    if step == "shift":
        return ShiftForm(data, initial=initial)
    return LaunchDriveForm(data, user=user, initial=initial, planned=planned)


def _answers(request: HttpRequest) -> dict[str, list[str]]:
    return {k: request.POST.getlist(k) for k in request.POST if k not in {"csrfmiddlewaretoken"}}


def _planned(post_form: LaunchPostForm, shift_form: ShiftForm) -> list[Shift]:
    """The shifts the wizard will make, unsaved (for the sealed-pool warnings)."""
    post = post_form.planned_post()
    data = shift_form.cleaned_data
    length = data["ends_at"] - data["starts_at"]
    shifts = []
    for day in range(data["days"]):
        starts_at = data["starts_at"] + dt.timedelta(days=day)
        shifts.append(Shift(post=post, starts_at=starts_at, ends_at=starts_at + length))
    return shifts


def _step_of(field: str | None, forms: dict[str, Any]) -> str:
    for step in STEPS:
        if field and field in forms[step].fields:
            return step
    return "drive"


@roles_required(*ORGANIZERS)
@require_http_methods(["GET", "POST"])
def drive_launch(request: HttpRequest) -> HttpResponse:
    """A new drive in three steps: 1 the post, 2 the shift, 3 who it is for."""
    saved = _saved(request)
    step = request.POST.get("step") or request.GET.get("step") or STEPS[0]
    if step not in STEPS:
        step = STEPS[0]
    # Valid earlier steps are needed before a later one (a stale session starts again).
    forms: dict[str, Any] = {}
    for earlier in STEPS[: STEPS.index(step)]:
        form = _bound(earlier, request.user, MultiValueDict(saved.get(earlier) or {}))
        if earlier not in saved or not form.is_valid():
            return redirect(f"{reverse('volunteering:drive-launch')}?step={earlier}")
        forms[earlier] = form
    extra: dict[str, Any] = {}
    if step == "drive":
        extra["planned"] = _planned(forms["post"], forms["shift"])
    if request.method == "POST":
        form = _bound(step, request.user, request.POST, **extra)
        if form.is_valid() and step != "drive":
            saved[step] = _answers(request)
            request.session[SESSION_KEY] = saved
            following = STEPS[STEPS.index(step) + 1]
            return redirect(f"{reverse('volunteering:drive-launch')}?step={following}")
        if form.is_valid() and accepts_warnings(form, request.POST):
            forms[step] = form
            result = _launch(request, forms)
            if isinstance(result, HttpResponse):
                return result
            step, form = result
    elif step in saved:
        form = _bound(step, request.user, MultiValueDict(saved[step]), **extra)
        form.is_valid()
    else:
        initial = {"title": forms["post"].planned_post().name} if step == "drive" else None
        form = _bound(step, request.user, None, initial=initial, **extra)
    return render(
        request,
        "volunteering/drive_launch.html",
        {
            "form": form,
            "step": step,
            "number": STEPS.index(step) + 1,
            "previous": STEPS[STEPS.index(step) - 1] if step != STEPS[0] else "",
            "post_form": forms.get("post"),
            "shift_form": forms.get("shift"),
        },
    )


def _launch(request: HttpRequest, forms: dict[str, Any]) -> HttpResponse | tuple[str, Any]:
    post_form, shift_form, drive_form = forms["post"], forms["shift"], forms["drive"]
    shift, drive = shift_form.cleaned_data, drive_form.cleaned_data
    try:
        created = launch_drive(
            by=acting_user(request),
            post=post_form.cleaned_data.get("post"),
            new_post=post_form.new_post(),
            starts_at=shift["starts_at"],
            ends_at=shift["ends_at"],
            capacity=shift["capacity"],
            min_staff=shift["min_staff"],
            waitlist_size=shift["waitlist_size"],
            needs_team_lead=shift["needs_team_lead"],
            days=shift["days"],
            title=drive["title"],
            description=drive["description"],
            requires_approval=drive["requires_approval"],
            branches=drive["branches"],
            compounds=drive["compounds"],
            is_public=drive["is_public"],
            publish=drive["publish"],
        )
    except DomainError as exc:
        step = _step_of(exc.field, forms)
        add_domain_error(forms[step], exc)
        return step, forms[step]
    request.session.pop(SESSION_KEY, None)
    if drive["publish"]:
        messages.success(request, _("Drive published: the people it is open to are being told."))
    else:
        messages.success(request, _("Drive created as a draft. Publish it when it is ready."))
    return redirect("volunteering:drive-detail", drive_id=created.pk)
