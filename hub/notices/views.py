"""Notice pages: a member's inbox and acknowledgement, a sender's tally and reminders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.access import acting_user, get_visible, scope_for
from hub.access.decorators import roles_required
from hub.accounts.models import Role
from hub.domain_errors import add_domain_error
from hub.errors import DomainError
from hub.htmx import HtmxHttpRequest, vary_on_htmx
from hub.notices import queries
from hub.notices.actions import (
    acknowledge_notice,
    add_attachment,
    create_notice,
    publish_notice,
    remind_unacknowledged,
    reply_to_notice,
)
from hub.notices.forms import AttachmentForm, NoticeForm, RemindForm, ReplyForm
from hub.notices.models import Notice, NoticeRecipient
from hub.people.models import Branch
from hub.privacy.actions import log_export
from hub.spreadsheets import xlsx_response

SENDERS = (Role.ORG_ADMIN, Role.BRANCH_SECRETARY)


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    copies = queries.list_my_notices(request.user)[:100]
    may_send = scope_for(request.user).has_role(*SENDERS)
    return render(request, "notices/notice_list.html", {"copies": copies, "may_send": may_send})


@roles_required(*SENDERS)
@require_GET
def sent_list(request: HttpRequest) -> HttpResponse:
    notices = queries.list_sent_notices(request.user)[:100]
    return render(request, "notices/sent_list.html", {"notices": notices})


@roles_required(*SENDERS)
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audience = list(data["audience"])
        upload = data.get("attachment")
        try:
            notice = create_notice(
                by=acting_user(request),
                organization=audience[0].organization,
                title=data["title"],
                body=data["body"],
                audience=audience,
                sender_branch=data.get("sender_branch"),
                reply_prompt=data.get("reply_prompt", ""),
            )
            if upload:
                add_attachment(
                    by=acting_user(request),
                    notice=notice,
                    filename=upload.name,
                    content_type=upload.content_type or "",
                    content=upload.read(),
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Check it, then publish."))
            return redirect("notices:notice-manage", notice_id=notice.pk)
    return render(request, "notices/notice_form.html", {"form": form})


@login_required
@require_GET
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_notice_for(request.user, notice_id)
    copy = queries.get_my_copy(request.user, notice)
    context: dict[str, Any] = {
        "notice": notice,
        "copy": copy,
        "reply_form": ReplyForm(initial={"reply": copy.reply if copy else ""}),
        "may_manage": queries.may_manage(request.user, notice),
    }
    if copy is not None or context["may_manage"]:
        context["replies"] = queries.reply_list(notice, reader=copy)
    return render(request, "notices/notice_detail.html", context)


def _copy_fragment(
    request: HtmxHttpRequest, notice: Notice, copy: NoticeRecipient, form: ReplyForm | None = None
) -> HttpResponse:
    context = {
        "notice": notice,
        "copy": copy,
        "reply_form": form or ReplyForm(initial={"reply": copy.reply}),
    }
    return render(request, "notices/_my_copy.html", context)


@login_required
@require_POST
@vary_on_htmx
def notice_acknowledge(request: HtmxHttpRequest, notice_id: int) -> HttpResponse:
    notice, copy = queries.get_my_copy_for(request.user, notice_id)
    copy = acknowledge_notice(by=acting_user(request), notice=notice)
    if request.htmx:
        return _copy_fragment(request, notice, copy)
    messages.success(request, _("Thank you: the sender sees that you received it."))
    return redirect("notices:notice-detail", notice_id=notice.pk)


@login_required
@require_POST
@vary_on_htmx
def notice_reply(request: HtmxHttpRequest, notice_id: int) -> HttpResponse:
    notice, copy = queries.get_my_copy_for(request.user, notice_id)
    form = ReplyForm(request.POST)
    error = None
    if form.is_valid():
        try:
            copy = reply_to_notice(
                by=acting_user(request), notice=notice, reply=form.cleaned_data["reply"]
            )
        except DomainError as exc:
            error = exc.message
            form.add_error("reply", exc.message)
    else:
        error = " ".join(str(e) for e in form.errors.get("reply", []))
    if request.htmx:
        return _copy_fragment(request, notice, copy, form if error else None)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your reply is on the list."))
    return redirect("notices:notice-detail", notice_id=notice.pk)


@login_required
@require_GET
def notice_manage(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    tally = queries.notice_tally(request.user, notice)
    context = {"notice": notice, "tally": tally, "attachment_form": AttachmentForm()}
    return render(request, "notices/notice_manage.html", context)


@login_required
@require_POST
def notice_publish(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    try:
        notice = publish_notice(by=acting_user(request), notice=notice)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        count = notice.recipients.count()
        messages.success(
            request,
            ngettext(
                "Published: %(n)d member was notified.",
                "Published: %(n)d members were notified.",
                count,
            )
            % {"n": count},
        )
    return redirect("notices:notice-manage", notice_id=notice.pk)


@login_required
@require_POST
def notice_attach(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("notices:notice-manage", notice_id=notice.pk)
    upload = form.cleaned_data["file"]
    try:
        add_attachment(
            by=acting_user(request),
            notice=notice,
            filename=upload.name,
            content_type=upload.content_type or "",
            content=upload.read(),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Attached."))
    return redirect("notices:notice-manage", notice_id=notice.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = queries.get_attachment_for(request.user, attachment_id)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # Never let a browser run an attachment as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@vary_on_htmx
def notice_remind(request: HtmxHttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    form = RemindForm(request.POST)
    branch = None
    if form.is_valid() and form.cleaned_data.get("branch"):
        branch = get_visible(request.user, Branch.objects.all(), pk=form.cleaned_data["branch"])
    ok = True
    try:
        count = remind_unacknowledged(by=acting_user(request), notice=notice, branch=branch)
    except DomainError as exc:
        ok, text = False, exc.message
    else:
        text = ngettext("Reminded %(n)d member.", "Reminded %(n)d members.", count) % {"n": count}
    if request.htmx:
        return render(request, "notices/_remind_result.html", {"ok": ok, "text": text})
    (messages.success if ok else messages.error)(request, text)
    return redirect("notices:notice-manage", notice_id=notice.pk)


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


@login_required
@require_GET
def notice_acknowledgements_xlsx(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    copies = list(
        NoticeRecipient.objects.filter(notice=notice)
        .select_related("person", "branch")
        .order_by("branch__name", "person__name", "pk")
    )
    rows = [
        (
            c.branch.name if c.branch else "",
            c.person.masked_name,
            _("Acknowledged") if c.acknowledged_at else _("Not yet"),
            _when(c.acknowledged_at),
            c.reply,
        )
        for c in copies
    ]
    log_export(
        by=acting_user(request),
        organization_id=notice.organization_id,
        subject_type="notices.acknowledgements",
        fields="branch,name(masked),acknowledged,reply",
        rows=len(rows),
    )
    return xlsx_response(
        filename=f"notice-{notice.pk}-acknowledgements.xlsx",
        sheet=_("Acknowledgements"),
        header=[_("Branch"), _("Name"), _("Status"), _("Acknowledged at"), _("Reply")],
        rows=rows,
    )
