from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hub.access import scope_for, visible
from hub.imports.models import ImportBatch
from hub.people.models import Branch
from hub.places.models import Compound


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you importing?"), choices=ImportBatch.Kind.choices)
    branch = forms.ModelChoiceField(
        label=_("Branch (members)"),
        queryset=Branch.objects.none(),
        required=False,
        help_text=_("Used for rows without a branch column."),
    )
    compound = forms.ModelChoiceField(
        label=_("Compound (residents)"), queryset=Compound.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_(
            "The first sheet is read. Headers like 姓名, 手机号, 楼号, 室号 are recognized."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        branches = visible(user, Branch.objects.select_related("organization"))
        if not scope.is_superuser:
            branches = branches.filter(organization_id__in=scope.admin_org_ids) | branches.filter(
                id__in=scope.branch_ids
            )
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches.order_by(
            "organization__name", "name"
        )
        compounds = visible(user, Compound.objects.all())
        if not scope.is_superuser:
            compounds = compounds.filter(
                organization_id__in=scope.admin_org_ids
            ) | compounds.filter(id__in=scope.compound_ids)
        cast(forms.ModelChoiceField, self.fields["compound"]).queryset = compounds.order_by("name")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ImportBatch.Kind.RESIDENTS and not data.get("compound"):
            self.add_error("compound", _("Choose the compound these residents live in."))
        if data.get("kind") == ImportBatch.Kind.MEMBERS and not data.get("branch"):
            self.add_error("branch", _("Choose the branch the members belong to."))
        return data
