"""Forms of the volunteer's own pages: they parse input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CertificateRequestForm(forms.Form):
    issuer = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))
