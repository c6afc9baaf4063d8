"""Pages of posts, shifts, recruitment drives and sign-ups: thin doors onto actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable, scope_for
from hub.access.decorators import public, roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError
from hub.htmx import HtmxHttpRequest, vary_on_htmx
from hub.volunteering import eligibility, queries
from hub.volunteering.actions.posts import (
    cancel_shift,
    create_post,
    create_shift,
    create_shift_series,
    set_shift_capacity,
    update_post,
)
from hub.volunteering.actions.signups import (
    approve_signup,
    close_drive,
    create_drive,
    decline_signup,
    edit_drive,
    publish_drive,
    sign_up,
    waitlist_signup,
    withdraw_signup,
)
from hub.volunteering.forms import (
    CapacityForm,
    DriveForm,
    PostForm,
    ReasonForm,
    ShiftForm,
    accepts_warnings,
    post_initial,
)
from hub.volunteering.models import Drive, Post, Shift, SignUp
from hub.volunteering.share import share_path

ORGANIZERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


# Drives --------------------------------------------------------------------------------------
@login_required
@require_GET
def drive_list(request: HttpRequest) -> HttpResponse:
    """Open drives for the volunteer (a sign-up button per shift) and, for coordinators,
    the drives they manage with how full they are. Constant query count."""
    now = timezone.now()
    open_drives = queries.drives_open_to(request.user, now=now)
    shift_ids = [s.pk for d in open_drives for s in d.upcoming]  # type: ignore[attr-defined]
    mine = queries.my_signups_on(request.user, shift_ids)
    for drive in open_drives:
        for shift in drive.upcoming:  # type: ignore[attr-defined]
            shift.mine = mine.get(shift.pk)
    scope = scope_for(request.user)
    managed = list(queries.managed_drives(request.user)) if scope.has_role(*ORGANIZERS) else []
    return render(
        request,
        "volunteering/drive_list.html",
        {
            "open_drives": open_drives,
            "now": now,
            "managed": managed,
            "can_organize": scope.has_role(*ORGANIZERS),
        },
    )


def _drive_context(request: HttpRequest, drive: Drive) -> dict[str, Any]:
    shifts = list(queries.drive_shifts(drive))
    mine = queries.my_signups_on(request.user, [s.pk for s in shifts])
    person = getattr(request.user, "person", None)
    refused = eligibility.sealed_refusals(person, [s for s in shifts if s.pk not in mine])
    for shift in shifts:
        shift.mine = mine.get(shift.pk)  # type: ignore[attr-defined]
        shift.sealed = refused.get(shift.pk, "")  # type: ignore[attr-defined]
    return {
        "drive": drive,
        "shifts": shifts,
        "pool": queries.drive_pool(drive),
        "now": timezone.now(),
        "public_url": request.build_absolute_uri(
            reverse("volunteering:join", kwargs={"token": drive.public_token})
        )
        if drive.is_public
        else "",
    }


@login_required
@require_GET
def drive_detail(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = queries.get_drive_for(request.user, drive_id)
    context = _drive_context(request, drive)
    context["can_manage"] = queries.may_manage(request.user, drive)
    context["signup_url_name"] = "volunteering:drive-signup"
    context["share_url"] = request.build_absolute_uri(share_path(drive))
    if context["can_manage"]:
        context["tell_job"] = queries.tell_pool_job(request.user, drive)
    return render(request, "volunteering/drive_detail.html", context)


@roles_required(*ORGANIZERS)
@require_http_methods(["GET", "POST"])
def drive_create(request: HttpRequest) -> HttpResponse:
    form = DriveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and accepts_warnings(form, request.POST):
        data = form.cleaned_data
        try:
            drive = create_drive(
                by=acting_user(request),
                organization=data["organization"],
                title=data["title"],
                description=data["description"],
                requires_approval=data["requires_approval"],
                shifts=data["shifts"],
                branches=data["branches"],
                compounds=data["compounds"],
                is_public=data["is_public"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Drive created as a draft. Publish it when it is ready."))
            return redirect("volunteering:drive-detail", drive_id=drive.pk)
    return render(request, "volunteering/drive_form.html", {"form": form, "drive": None})


@login_required
@require_http_methods(["GET", "POST"])
def drive_edit(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = get_changeable(request.user, Drive.objects.all(), pk=drive_id)
    initial = {
        "title": drive.title,
        "description": drive.description,
        "requires_approval": drive.requires_approval,
        "branches": list(drive.branches.values_list("pk", flat=True)),
        "compounds": list(drive.compounds.values_list("pk", flat=True)),
        "is_public": drive.is_public,
    }
    form = DriveForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial=initial,
        planned=list(queries.drive_shifts(drive).exclude(status=Shift.Status.CANCELLED)),
    )
    if request.method == "POST" and form.is_valid() and accepts_warnings(form, request.POST):
        data = form.cleaned_data
        try:
            edit_drive(
                by=acting_user(request),
                drive=drive,
                values={
                    "title": data["title"],
                    "description": data["description"],
                    "requires_approval": data["requires_approval"],
                },
                shifts=data["shifts"] or (),
                branches=data["branches"],
                compounds=data["compounds"],
                is_public=data["is_public"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Drive saved."))
            return redirect("volunteering:drive-detail", drive_id=drive.pk)
    return render(request, "volunteering/drive_form.html", {"form": form, "drive": drive})


def _drive_transition(request: HttpRequest, drive_id: int, action: Callable[..., Drive]) -> Any:
    drive = get_changeable(request.user, Drive.objects.all(), pk=drive_id)
    try:
        action(by=acting_user(request), drive=drive)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
        return None
    return drive


@login_required
@require_POST
def drive_publish(request: HttpRequest, drive_id: int) -> HttpResponse:
    if _drive_transition(request, drive_id, publish_drive):
        messages.success(request, _("Drive published: the people it is open to are being told."))
    return redirect("volunteering:drive-detail", drive_id=drive_id)


@login_required
@require_POST
def drive_close(request: HttpRequest, drive_id: int) -> HttpResponse:
    if _drive_transition(request, drive_id, close_drive):
        messages.success(request, _("Drive closed: no more sign-ups through it."))
    return redirect("volunteering:drive-detail", drive_id=drive_id)


# Sign-up -------------------------------------------------------------------------------------
def _sign_up_page(request: HttpRequest, drive: Drive, shift_id: int, back: str) -> HttpResponse:
    shift = get_object_or_404(queries.drive_shifts(drive), pk=shift_id)
    try:
        signup = sign_up(
            by=acting_user(request),
            shift=shift,
            drive=drive,
            note=request.POST.get("note", "")[:200],
        )
    except DomainError as exc:
        return render(
            request,
            "volunteering/signup_result.html",
            {"refusal": exc, "shift": shift, "drive": drive, "back": back},
        )
    return redirect("volunteering:signup-detail", signup_id=signup.pk)


@login_required
@require_POST
def drive_signup(request: HttpRequest, drive_id: int, shift_id: int) -> HttpResponse:
    """Sign the user up for one shift of a drive they can see; shows the reason if refused."""
    drive = queries.get_drive_for(request.user, drive_id)
    back = reverse("volunteering:drive-detail", kwargs={"drive_id": drive.pk})
    return _sign_up_page(request, drive, shift_id, back)


@public
@require_GET
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The public link's page: shifts and places, readable by anyone who has the link."""
    drive = queries.get_public_drive(token)
    context = _drive_context(request, drive)
    context["signup_url_name"] = "volunteering:join-signup"
    context["public_page"] = True
    return render(request, "volunteering/join.html", context)


@login_required
@require_POST
def join_signup(request: HttpRequest, token: str, shift_id: int) -> HttpResponse:
    """Sign up through a public link (login required; the link admits anyone to the pool)."""
    drive = queries.get_public_drive(token)
    back = reverse("volunteering:join", kwargs={"token": token})
    return _sign_up_page(request, drive, shift_id, back)


@login_required
@require_GET
def signup_detail(request: HttpRequest, signup_id: int) -> HttpResponse:
    """The result of a sign-up: its status, the shift, and a withdraw button."""
    signup = queries.get_signup_for(request.user, signup_id)
    own = scope_for(request.user).person_id == signup.person_id
    return render(
        request,
        "volunteering/signup_detail.html",
        {
            "signup": signup,
            "shift": signup.shift,
            "own": own,
            "can_manage": queries.may_manage(request.user, signup),
            "can_withdraw": signup.status in SignUp.ACTIVE,
        },
    )


# Coordinator decisions (htmx fragments, or a redirect without JavaScript) --------------------
def _decision(
    request: HtmxHttpRequest, signup_id: int, decide: Callable[[SignUp], Any], done: str
) -> HttpResponse:
    signup = queries.get_signup_for(request.user, signup_id)
    error = ""
    try:
        decide(signup)
    except DomainError as exc:
        raise_if_forbidden(exc)
        error = exc.message
    signup = queries.get_signup_for(request.user, signup_id)
    if request.htmx:
        return render(
            request,
            "volunteering/_signup_row.html",
            {
                "s": signup,
                "error": error,
                "shift": signup.shift,
                "oob": True,
                "can_manage": True,
                "full_names": _full_names(request, [signup]),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    if scope_for(request.user).person_id == signup.person_id and not queries.may_manage(
        request.user, signup
    ):
        return redirect("volunteering:signup-detail", signup_id=signup.pk)
    return redirect("volunteering:shift-detail", shift_id=signup.shift_id)


def _full_names(request: HttpRequest, signups: list[SignUp]) -> set[int]:
    from hub.people.queries import full_name_ids

    return full_name_ids(request.user, [s.person for s in signups])


@login_required
@require_POST
@vary_on_htmx
def signup_approve(request: HtmxHttpRequest, signup_id: int) -> HttpResponse:
    get_changeable(request.user, SignUp.objects.all(), pk=signup_id)
    by = acting_user(request)
    return _decision(
        request, signup_id, lambda s: approve_signup(by=by, signup=s), _("Sign-up approved.")
    )


@login_required
@require_POST
@vary_on_htmx
def signup_decline(request: HtmxHttpRequest, signup_id: int) -> HttpResponse:
    get_changeable(request.user, SignUp.objects.all(), pk=signup_id)
    by = acting_user(request)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _decision(
        request,
        signup_id,
        lambda s: decline_signup(by=by, signup=s, reason=reason),
        _("Sign-up declined."),
    )


@login_required
@require_POST
@vary_on_htmx
def signup_waitlist(request: HtmxHttpRequest, signup_id: int) -> HttpResponse:
    get_changeable(request.user, SignUp.objects.all(), pk=signup_id)
    by = acting_user(request)
    return _decision(
        request,
        signup_id,
        lambda s: waitlist_signup(by=by, signup=s),
        _("Moved to the wait list."),
    )


@login_required
@require_POST
@vary_on_htmx
def signup_withdraw(request: HtmxHttpRequest, signup_id: int) -> HttpResponse:
    by = acting_user(request)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _decision(
        request,
        signup_id,
        lambda s: withdraw_signup(by=by, signup=s, reason=reason),
        _("Sign-up withdrawn."),
    )


# Posts and shifts ----------------------------------------------------------------------------
@login_required
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "volunteering/post_list.html",
        {"posts": queries.list_posts(request.user), "can_organize": scope.has_role(*ORGANIZERS)},
    )


@roles_required(*ORGANIZERS)
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            post = create_post(by=acting_user(request), organization=organization, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Post created. Add its shifts next."))
            return redirect("volunteering:post-detail", post_id=post.pk)
    return render(request, "volunteering/post_form.html", {"form": form, "post": None})


@login_required
@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    return render(
        request,
        "volunteering/post_detail.html",
        {
            "post": post,
            "skills": list(post.required_skills.all()),
            "shifts": queries.post_shifts(post),
            "can_manage": queries.may_manage(request.user, post),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_changeable(request.user, Post.objects.all(), pk=post_id)
    form = PostForm(request.POST or None, user=request.user, post=post, initial=post_initial(post))
    if request.method == "POST" and form.is_valid():
        try:
            update_post(by=acting_user(request), post=post, values=form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Post saved."))
            return redirect("volunteering:post-detail", post_id=post.pk)
    return render(request, "volunteering/post_form.html", {"form": form, "post": post})


@login_required
@require_http_methods(["GET", "POST"])
def shift_create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_changeable(request.user, Post.objects.all(), pk=post_id)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": acting_user(request),
            "post": post,
            "capacity": data["capacity"],
            "min_staff": data["min_staff"],
            "waitlist_size": data["waitlist_size"],
            "needs_team_lead": data["needs_team_lead"],
        }
        try:
            if data["days"] > 1:
                shifts = create_shift_series(
                    first_starts_at=data["starts_at"],
                    first_ends_at=data["ends_at"],
                    days=data["days"],
                    **common,
                )
            else:
                shifts = [
                    create_shift(starts_at=data["starts_at"], ends_at=data["ends_at"], **common)
                ]
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d shift(s) created.") % {"n": len(shifts)})
            return redirect("volunteering:post-detail", post_id=post.pk)
    return render(request, "volunteering/shift_form.html", {"form": form, "post": post})


@login_required
@require_GET
def shift_detail(request: HttpRequest, shift_id: int) -> HttpResponse:
    """The coordinator's shift page: places left and sign-ups with their decisions."""
    shift = queries.get_shift_for(request.user, shift_id)
    can_manage = queries.may_manage(request.user, shift)
    signups = queries.shift_signups(request.user, shift)
    return render(
        request,
        "volunteering/shift_detail.html",
        {
            "shift": shift,
            "post": shift.post,
            "signups": signups,
            "can_manage": can_manage,
            "full_names": _full_names(request, signups),
            "capacity_form": CapacityForm(
                initial={"capacity": shift.capacity, "waitlist_size": shift.waitlist_size}
            ),
        },
    )


@login_required
@require_POST
def shift_capacity(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.select_related("post"), pk=shift_id)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the places: %s") % form.errors.as_text())
    else:
        try:
            set_shift_capacity(
                by=acting_user(request),
                shift=shift,
                capacity=form.cleaned_data["capacity"],
                waitlist_size=form.cleaned_data["waitlist_size"],
            )
        except DomainError as exc:
            raise_if_forbidden(exc)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Places updated."))
    return redirect("volunteering:shift-detail", shift_id=shift.pk)


@login_required
@require_POST
def shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = get_changeable(request.user, Shift.objects.select_related("post"), pk=shift_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cancel_shift(by=acting_user(request), shift=shift, reason=reason)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Shift cancelled; everyone signed up is being told."))
    return redirect("volunteering:shift-detail", shift_id=shift.pk)
