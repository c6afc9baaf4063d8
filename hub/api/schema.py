"""OpenAPI post-processing: every operation documents the errors every endpoint can answer.

Errors are JSON ``{"detail": str, "code": str}`` or, for bad input, field → messages; see
hub/api/errors.py; 401/403 for a missing or refused sign-in, 404 for rows outside what the
caller may see, 400 for bad input, 429 for the sign-in limiter.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

# Two shapes: a refusal ``{"detail", "code"}`` (and ``field`` when a DomainError names one), or a
# validation error, field name → messages (a nested serializer's field → its own errors). A field
# may be called ``code`` or ``detail``, so the properties are not typed on their own.
_MESSAGES = {
    "anyOf": [
        {"type": "string"},
        {"type": "array"},
        {"type": "object"},
    ]
}
ERROR = {
    "anyOf": [
        {
            "type": "object",
            "required": ["detail"],
            "properties": {
                "detail": {"type": "string"},
                "code": {"type": "string"},
                "field": {"type": "string"},
            },
        },
        {"type": "object", "additionalProperties": _MESSAGES},
    ]
}
_DESCRIPTIONS = {
    "400": "Bad input; nothing was changed.",
    "401": "Not signed in.",
    "403": "Not allowed.",
    "404": "Not found, or outside what the caller may see.",
    "405": "Method not allowed.",
    "406": "None of the accepted media types can be answered.",
    "409": "Conflict with the current state.",
    "415": "Unsupported request media type.",
    "429": "Too many attempts; see Retry-After.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR)
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in _DESCRIPTIONS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: the OpenAPI document, generated once per language and API version.

    The schema depends only on the code and the settings (it is served public, the same to every
    caller), and generating it walks every endpoint and serializer: seconds per request. It is
    kept per process and forgotten when a setting changes (tests override settings).
    """

    _generated: ClassVar[dict[tuple[str, str | None], Any]] = {}

    def _get_schema_response(self, request: Any) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        schema = self._generated.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = generator.get_schema(request=request, public=self.serve_public)
            self._generated[key] = schema
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


@receiver(setting_changed)
def _forget_generated_schemas(**kwargs: Any) -> None:
    SchemaView._generated.clear()
