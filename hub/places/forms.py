from django import forms
from django.utils.translation import gettext_lazy as _

from hub.places.models import AreaStatus


class AreaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AreaStatus.Status.choices)
    effective_from = forms.DateTimeField(
        label=_("Starting"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
