"""Door-knocking pages: campaigns, their households and progress, a visit, follow-ups."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable, get_visible
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.campaigns import queries
from hub.campaigns.actions import (
    close_follow_up,
    create_campaign,
    record_visit,
)
from hub.campaigns.forms import CampaignForm, VisitForm
from hub.campaigns.models import FollowUp
from hub.domain_errors import add_domain_error, raise_if_forbidden
from hub.errors import DomainError

ORGANIZERS = (Role.ORG_ADMIN, Role.COMMUNITY_COORDINATOR)


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = queries.list_campaigns(request.user)[:100]
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@roles_required(*ORGANIZERS)
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        compound = data["compound"]
        try:
            campaign = create_campaign(
                by=acting_user(request),
                compound=compound,
                name=data["name"],
                buildings=data["buildings"],
                starts_on=data["starts_on"],
            )
            return redirect("campaigns:campaign-detail", campaign_id=campaign.pk)
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@login_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = queries.get_campaign_for(request.user, campaign_id)
    now = timezone.now()
    context = {
        "campaign": campaign,
        "progress": queries.progress(request.user, campaign, now=now),
        "rows": queries.households(request.user, campaign, now=now),
        "follow_ups": queries.follow_ups(request.user, campaign).filter(status="open")[:100],
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, campaign_id: int, household_id: int) -> HttpResponse:
    campaign = queries.get_campaign_for(request.user, campaign_id)
    household = queries.get_campaign_household(request.user, campaign, household_id)
    by = acting_user(request)
    if not queries.may_visit(by, campaign, household):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("You may not record visits in this building."))
    form = VisitForm(
        request.POST or None, campaign=campaign, initial={"idempotency_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_visit(
                by=by,
                campaign=campaign,
                household=household,
                outcome=form.cleaned_data["outcome"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                now=timezone.now(),
                answers=form.answers(),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Visit recorded."))
            return redirect("campaigns:campaign-detail", campaign_id=campaign.pk)
        except DomainError as exc:
            raise_if_forbidden(exc)
            add_domain_error(form, exc)
    context = {"campaign": campaign, "household": household, "form": form}
    return render(request, "campaigns/visit_form.html", context)


@login_required
@require_POST
def follow_up_close(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_visible(request.user, FollowUp.objects.all(), pk=follow_up_id)
    follow_up = get_changeable(request.user, FollowUp.objects.all(), pk=follow_up.pk)
    close_follow_up(by=acting_user(request), follow_up=follow_up, now=timezone.now())
    messages.success(request, _("Follow-up done."))
    return redirect("campaigns:campaign-detail", campaign_id=follow_up.campaign_id)
