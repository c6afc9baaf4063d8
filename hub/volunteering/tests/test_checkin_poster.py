"""The site's A4 poster: a PDF with the post's name and a QR code, for those who manage it."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import Cast
from hub.testing.builders import make_post
from hub.volunteering.models import Post
from hub.volunteering.queries import post_for_code, poster_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(cast: Cast) -> Post:
    return make_post(cast, organization=cast.org_rc, name="青年公寓理货点")


def get(cast: Cast, role: str, post: Post) -> object:
    client = Client()
    client.force_login(cast.users[role])
    return client.get(reverse("volunteering:post-poster", kwargs={"post_id": post.pk}))


def test_the_coordinator_downloads_the_poster_pdf(cast: Cast, post: Post) -> None:
    response = get(cast, "coordinator", post)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"  # type: ignore[index]
    assert response.content.startswith(b"%PDF")  # type: ignore[attr-defined]


def test_people_who_may_not_change_the_post_get_no_poster(cast: Cast, post: Post) -> None:
    assert get(cast, "leader", post).status_code == 403  # type: ignore[attr-defined]
    assert get(cast, "volunteer", post).status_code == 404  # type: ignore[attr-defined]
    assert get(cast, "outsider", post).status_code == 404  # type: ignore[attr-defined]


def test_the_code_names_the_post_and_carries_no_personal_data(cast: Cast, post: Post) -> None:
    code = poster_code(post)
    assert post_for_code(code) == post
    assert code.split(":")[0] == post.poster_token  # a random token, then its signature
    assert "张" not in code and cast.volunteer.phone not in code
