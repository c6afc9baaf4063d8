"""Sharing a drive: the link and a QR picture with the title, for the drive's managers."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hub.testing.builders import make_drive, make_post, make_shift
from hub.volunteering.share import share_path

pytestmark = pytest.mark.django_db


def test_the_manager_gets_a_png_and_the_drive_page_shows_the_link(cast):
    drive = make_drive(cast, [make_shift(make_post(cast))])
    client = Client()
    client.force_login(cast.admin)
    picture = client.get(reverse("volunteering:drive-share-png", args=[drive.pk]))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(picture.content))
    assert image.width == 720 and image.height > 480 + 56  # the title above a 480 px QR
    page = client.get(reverse("volunteering:drive-detail", args=[drive.pk])).content.decode()
    assert "http://testserver" + share_path(drive) in page
    assert reverse("volunteering:drive-share-png", args=[drive.pk]) in page


def test_a_public_drive_shares_its_public_page(cast):
    drive = make_drive(cast, [make_shift(make_post(cast))], is_public=True)
    assert share_path(drive) == reverse("volunteering:join", args=[drive.public_token])


def test_a_volunteer_of_the_pool_cannot_fetch_the_share_picture(cast):
    drive = make_drive(cast, [make_shift(make_post(cast))])
    client = Client()
    client.force_login(cast.volunteer)
    assert client.get(reverse("volunteering:drive-share-png", args=[drive.pk])).status_code == 403
