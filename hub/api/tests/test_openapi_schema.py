"""The OpenAPI schema is served, valid, and describes every API route."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse


def test_schema_generates_without_warnings_and_validates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in [
        "/api/v1/people/",
        "/api/v1/people/{id}/reveal/",
        "/api/v1/compounds/{id}/status/",
        "/api/v1/imports/",
        "/api/v1/jobs/{id}/",
        "/api/v1/me/",
    ]:
        assert path in text


@pytest.mark.django_db
def test_schema_is_served_at_api_schema() -> None:
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("Shouwang")


@pytest.mark.django_db
def test_the_served_schema_is_generated_once_per_language(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from drf_spectacular.generators import SchemaGenerator

    from hub.api.schema import SchemaView

    SchemaView._generated.clear()
    calls = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    accept = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}
    first = Client().get(reverse("api-schema"), **accept)
    again = Client().get(reverse("api-schema"), **accept)
    english = Client().get(reverse("api-schema") + "?lang=en", **accept)

    assert first.json() == again.json()
    assert english.status_code == 200
    assert len(calls) == 2
