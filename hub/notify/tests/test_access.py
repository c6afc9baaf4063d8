import pytest

from hub.access import changeable, visible
from hub.notify.models import Channel, Message
from hub.notify.tests.conftest import write_message

pytestmark = pytest.mark.django_db


def test_org_admins_see_their_organizations_messages_only(cast) -> None:  # type: ignore[no-untyped-def]
    ours = write_message(organization=cast.org_health)
    write_message(organization=cast.org_other)
    write_message()  # a system message: superusers only
    assert list(visible(cast.admin, Message.objects.all())) == [ours]
    for role in ("volunteer", "secretary", "office", "desk", "coordinator", "rc_admin"):
        assert not visible(cast.users[role], Message.objects.all()).exists(), role


def test_nobody_but_a_superuser_changes_a_message_by_hand(cast) -> None:  # type: ignore[no-untyped-def]
    write_message(organization=cast.org_health)
    assert not changeable(cast.admin, Message.objects.all()).exists()


def test_org_admins_manage_their_own_channels_not_shared_or_others(cast) -> None:  # type: ignore[no-untyped-def]
    own = Channel.objects.create(
        kind="wecom", name="ops", url="https://qyapi.weixin.qq.com/x", organization=cast.org_health
    )
    Channel.objects.create(kind="wecom", name="ops", url="https://qyapi.weixin.qq.com/y")
    Channel.objects.create(
        kind="wecom", name="ops", url="https://qyapi.weixin.qq.com/z", organization=cast.org_other
    )
    assert list(changeable(cast.admin, Channel.objects.all())) == [own]
    assert not visible(cast.volunteer, Channel.objects.all()).exists()
