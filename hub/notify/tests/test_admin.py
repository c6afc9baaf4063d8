import pytest

from hub.notify.models import Channel
from hub.notify.tests.conftest import write_message

pytestmark = pytest.mark.django_db
URL = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789"


def test_the_channel_list_never_shows_the_url_token_or_the_secret(admin_client) -> None:  # type: ignore[no-untyped-def]
    Channel.objects.create(kind="dingtalk", name="ops", url=URL, secret="SECsecret")
    page = admin_client.get("/admin/notify/channel/").content.decode()
    assert "https://oapi.dingtalk.com/…" in page
    assert "abcdef0123456789" not in page
    assert "SECsecret" not in page


def test_the_channel_form_never_renders_the_secret_and_keeps_it_when_left_empty(
    admin_client,
) -> None:  # type: ignore[no-untyped-def]
    channel = Channel.objects.create(kind="dingtalk", name="ops", url=URL, secret="SECsecret")
    url = f"/admin/notify/channel/{channel.pk}/change/"
    assert "SECsecret" not in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"kind": "dingtalk", "name": "ops", "url": URL, "secret": "", "enabled": "on"}
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.secret == "SECsecret"


def test_a_channel_url_must_be_http(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        "/admin/notify/channel/add/",
        {"kind": "webhook", "name": "x", "url": "file:///etc/passwd", "enabled": "on"},
    )
    assert response.status_code == 200
    assert not Channel.objects.exists()


def test_the_message_list_masks_a_recipient(admin_client, cast) -> None:  # type: ignore[no-untyped-def]
    write_message(channel="sms", recipient=cast.person_member, address="")
    page = admin_client.get("/admin/notify/message/").content.decode()
    assert "王*" in page
    assert "13800001111" not in page
