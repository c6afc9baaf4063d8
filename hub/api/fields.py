"""Serializer fields that take exactly what the OpenAPI schema says.

DRF's ``CharField`` turns a number into its text and its ``DateField`` takes ISO forms beyond
``YYYY-MM-DD`` (``20260101``, week dates); the schema says ``string`` and ``date``, so a client
relying on that leniency would break on any other server of the schema. These refuse them (400).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils import html

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StrictCharField(serializers.CharField):
    default_error_messages = {"not_a_string": _("Enter text, not a number.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    default_error_messages = {"not_a_date": _("Enter a date as YYYY-MM-DD.")}

    def get_value(self, dictionary: Any) -> Any:
        # DRF reads ``?start=`` (empty) in a query string as "not sent"; the schema says a date.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            self.fail("not_a_date")
        return super().to_internal_value(value)
