"""Forms of the notice pages. They only shape input; the actions decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from hub.access import scope_for, visible
from hub.notices.actions import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_REPLY_CHARS
from hub.people.models import Branch

ACCEPT = ",".join(sorted({f".{ext}" for ext in ATTACHMENT_TYPES}))


def sendable_branches(user: Any) -> QuerySet[Branch]:
    """Branches the user may address: every branch of an org they administer, else their own."""
    scope = scope_for(user)
    branches = visible(user, Branch.objects.select_related("organization", "parent"))
    if not scope.is_superuser:
        branches = branches.filter(
            Q(organization_id__in=scope.admin_org_ids) | Q(id__in=scope.branch_ids)
        )
    return branches.order_by("organization__name", F("parent_id").asc(nulls_first=True), "name")


def _attachment_text() -> str:
    return str(_("PDF, image, Word, Excel or text; at most %(mb)d MB.")) % {
        "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)
    }


_attachment_help = lazy(_attachment_text, str)


class AttachmentField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        # Interpolated when shown, in the reader's language (not once, at import).
        kwargs.setdefault("help_text", _attachment_help())
        super().__init__(widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}), **kwargs)


class BranchChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The parent shows where a branch sits; choosing it also reaches its sub-branches.
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


CHECKBOX = {"style": "width:24px;height:24px;min-height:0;flex:none;margin:0"}


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    audience = BranchChoices(
        label=_("Send to branches"),
        queryset=Branch.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("Members of these branches and of their sub-branches receive the notice."),
        error_messages={"required": _("Choose at least one branch to send the notice to.")},
    )
    sender_branch = forms.ModelChoiceField(
        label=_("Sent in the name of"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("The organization"),
    )
    reply_prompt = forms.CharField(
        label=_("Reply list (接龙)"),
        max_length=200,
        required=False,
        help_text=_("e.g. 报名 + 可服务时段. Leave empty if members only acknowledge."),
    )
    attachment = AttachmentField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branches = sendable_branches(user)
        cast(forms.ModelMultipleChoiceField, self.fields["audience"]).queryset = branches
        cast(forms.ModelChoiceField, self.fields["sender_branch"]).queryset = branches

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience = data.get("audience") or []
        if len({b.organization_id for b in audience}) > 1:
            self.add_error("audience", _("Send one notice per organization."))
        return data


class AttachmentForm(forms.Form):
    file = AttachmentField(label=_("Attachment"))


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_REPLY_CHARS,
        required=False,  # the action explains an empty reply in the notice's own words
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RemindForm(forms.Form):
    branch = forms.IntegerField(required=False, widget=forms.HiddenInput)
