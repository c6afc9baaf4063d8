"""`make run` serves the demo with DEBUG off: the product's own error pages, static files still."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[3]


def test_make_run_turns_debug_off_and_serves_static_from_the_finders() -> None:
    script = (ROOT / "scripts" / "run-local").read_text()

    assert 'DEBUG="${DEBUG:-0}"' in script
    assert "WHITENOISE_USE_FINDERS=1" in script


@pytest.mark.django_db
@override_settings(DEBUG=False, WHITENOISE_USE_FINDERS=True)
def test_with_debug_off_static_files_are_still_served() -> None:
    response = Client().get("/static/vendor/htmx/htmx.min.js")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_is_the_products_own_404() -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert 'class="card"' in response.content.decode()


def test_make_serve_starts_gunicorn_a_worker_the_reclaimer_and_the_dispatcher() -> None:
    script = (ROOT / "scripts" / "serve").read_text()

    for part in ("gunicorn config.wsgi", "db_worker", "reclaim_jobs", "dispatch_notifications"):
        assert part in script
