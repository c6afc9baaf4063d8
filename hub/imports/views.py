"""Upload → preview with per-row errors → confirm: the import pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_changeable
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.errors import DomainError
from hub.imports import queries
from hub.imports.actions import apply_import, reveal_import_file, upload_import
from hub.imports.forms import UploadForm
from hub.imports.models import ImportBatch

IMPORTERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.COMMUNITY_COORDINATOR)


@roles_required(*IMPORTERS)
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    context = {
        "batches": queries.batches_for(request.user),
        "this_year": str(timezone.localdate().year),
    }
    return render(request, "imports/batch_list.html", context)


@roles_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        compound = data.get("compound")
        branch = data.get("branch")
        owner = compound if data["kind"] == ImportBatch.Kind.RESIDENTS else branch
        if owner is None:  # the form requires the one that fits the kind
            raise Http404
        organization = owner.organization
        try:
            batch = upload_import(
                by=acting_user(request),
                organization=organization,
                kind=data["kind"],
                filename=data["file"].name[:200],
                content=data["file"].read(),
                branch=branch if data["kind"] == "members" else None,
                compound=compound if data["kind"] == "residents" else None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("imports:batch-detail", batch_id=batch.pk)
    return render(request, "imports/upload.html", {"form": form})


def _detail(
    request: HttpRequest, batch: ImportBatch, revealed: list[dict[str, Any]] | None = None
) -> HttpResponse:
    context = {
        "batch": batch,
        "summary": queries.summary(batch),
        "warnings": queries.warnings(batch),
        "errors": queries.errors(batch),
        "preview": queries.preview(batch, revealed),
        "may_reveal": revealed is None and queries.may_reveal(request.user, batch),
    }
    if revealed is not None and request.headers.get("HX-Request"):
        return render(request, "imports/_preview.html", context)
    return render(request, "imports/batch_detail.html", context)


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _detail(request, queries.batch_for(request.user, batch_id))


@login_required
@require_POST
def batch_reveal(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Show the uploader their own file's values in full (logged)."""
    batch = get_changeable(request.user, ImportBatch.objects.defer("content"), pk=batch_id)
    try:
        rows = reveal_import_file(
            by=acting_user(request), batch=batch, ip_address=request.META.get("REMOTE_ADDR")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:batch-detail", batch_id=batch.pk)
    return _detail(request, queries.batch_for(request.user, batch_id), rows)


@login_required
@require_POST
def batch_apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_changeable(request.user, ImportBatch.objects.all(), pk=batch_id)
    try:
        batch = apply_import(by=acting_user(request), batch=batch, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if batch.status == ImportBatch.Status.APPLIED:
            messages.success(request, _("Import finished."))
    return redirect("imports:batch-detail", batch_id=batch.pk)
