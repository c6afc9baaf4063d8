import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from hub.notify.channels import (
    DeliveryError,
    DingTalkChannel,
    FeishuChannel,
    SmsProvider,
    WebhookChannel,
    deliver,
)
from hub.notify.models import Channel
from hub.notify.tests.conftest import write_message

pytestmark = pytest.mark.django_db
NOW = 1_650_000_000.5


class Robot:
    """A loopback HTTP server standing in for a robot webhook; records what it receives."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.reply: tuple[int, dict[str, Any]] = (200, {"errcode": 0, "errmsg": "ok"})
        self.release = threading.Event()
        self.hold = False
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                robot.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "raw": self.rfile.read(length),
                    }
                )
                if robot.hold:
                    # A provider that never answers: the client times out and hangs up, and
                    # the connection closes unanswered (writing to it would break the pipe).
                    robot.release.wait(5)
                    self.close_connection = True
                    return
                status, body = robot.reply
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    # The client hung up before the reply (it gave up on an error of its own).
                    self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=TOKEN"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def last_json(self) -> dict[str, Any]:
        return json.loads(self.requests[-1]["raw"].decode())

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    yield server
    server.close()


def _robot_message(kind: str, robot: Robot, secret: str = "", **kwargs: Any) -> Any:
    Channel.objects.create(kind=kind, name="ops", url=robot.url, secret=secret)
    return write_message(
        channel=kind,
        template="generic.titled",
        params={"title": "Sampling", "text": "1号楼 8:00"},
        **kwargs,
    )


def test_a_wecom_robot_gets_a_text_message(robot) -> None:  # type: ignore[no-untyped-def]
    deliver(_robot_message("wecom", robot))
    assert robot.last_json == {"msgtype": "text", "text": {"content": "Sampling\n1号楼 8:00"}}
    assert robot.requests[-1]["path"] == "/robot/send?access_token=TOKEN"


def test_a_dingtalk_robot_with_a_secret_gets_timestamp_and_sign(robot) -> None:  # type: ignore[no-untyped-def]
    message = _robot_message("dingtalk", robot, secret="SEC123")
    DingTalkChannel(clock=lambda: NOW).send(message)
    query = parse_qs(urlsplit(robot.requests[-1]["path"]).query)
    timestamp = "1650000000500"
    expected = base64.b64encode(
        hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(), hashlib.sha256).digest()
    ).decode()
    assert query == {"access_token": ["TOKEN"], "timestamp": [timestamp], "sign": [expected]}
    assert robot.last_json == {"msgtype": "text", "text": {"content": "Sampling\n1号楼 8:00"}}


def test_a_dingtalk_robot_without_a_secret_is_not_signed(robot) -> None:  # type: ignore[no-untyped-def]
    deliver(_robot_message("dingtalk", robot))
    assert "sign=" not in robot.requests[-1]["path"]


def test_a_feishu_robot_gets_its_text_format_and_signature(robot) -> None:  # type: ignore[no-untyped-def]
    robot.reply = (200, {"code": 0, "msg": "success"})
    FeishuChannel(clock=lambda: NOW).send(_robot_message("feishu", robot, secret="FS"))
    expected = base64.b64encode(hmac.new(b"1650000000\nFS", b"", hashlib.sha256).digest()).decode()
    assert robot.last_json == {
        "timestamp": "1650000000",
        "sign": expected,
        "msg_type": "text",
        "content": {"text": "Sampling\n1号楼 8:00"},
    }


def test_a_robot_that_answers_an_error_code_is_a_failed_delivery(robot) -> None:  # type: ignore[no-untyped-def]
    robot.reply = (200, {"errcode": 310000, "errmsg": "sign not match"})
    with pytest.raises(DeliveryError, match="310000: sign not match"):
        deliver(_robot_message("dingtalk", robot))


def test_an_http_error_is_a_failed_delivery_that_hides_the_token(robot) -> None:  # type: ignore[no-untyped-def]
    robot.reply = (503, {})
    with pytest.raises(DeliveryError, match="HTTP 503") as failed:
        deliver(_robot_message("wecom", robot))
    assert "TOKEN" not in str(failed.value)


def test_a_provider_that_does_not_answer_times_out(robot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_HTTP_TIMEOUT = 0.2
    robot.hold = True
    with pytest.raises(DeliveryError, match="unreachable"):
        deliver(_robot_message("wecom", robot))


def test_a_webhook_gets_json_with_an_hmac_signature(robot) -> None:  # type: ignore[no-untyped-def]
    message = _robot_message("webhook", robot, secret="hook-key")
    WebhookChannel().send(message)
    request = robot.requests[-1]
    digest = hmac.new(b"hook-key", request["raw"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Shouwang-Signature"] == f"sha256={digest}"
    assert request["headers"]["X-Shouwang-Message-Id"] == str(message.pk)
    assert robot.last_json["body"] == "1号楼 8:00"


def test_an_organizations_own_channel_wins_over_a_shared_one(cast, robot) -> None:  # type: ignore[no-untyped-def]
    Channel.objects.create(kind="wecom", name="ops", url="http://127.0.0.1:9/shared")
    Channel.objects.create(kind="wecom", name="ops", url=robot.url, organization=cast.org_health)
    deliver(write_message(channel="wecom", params={"text": "hi"}, organization=cast.org_health))
    assert len(robot.requests) == 1


def test_a_disabled_or_missing_channel_is_a_failed_delivery(robot) -> None:  # type: ignore[no-untyped-def]
    message = _robot_message("wecom", robot)
    Channel.objects.update(enabled=False)
    with pytest.raises(DeliveryError, match="no enabled wecom channel"):
        deliver(message)
    assert robot.requests == []


def test_email_goes_through_djangos_email_backend() -> None:
    deliver(write_message(channel="email", address="ops@example.org", params={"text": "hi"}))
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (["ops@example.org"], "Notice", "hi")


class RecordingSms(SmsProvider):
    sent: list[tuple[str, str, dict[str, str]]] = []

    def send(self, *, phone: str, template_id: str, params: Mapping[str, str]) -> None:
        self.sent.append((phone, template_id, dict(params)))


def test_an_sms_uses_the_recipients_phone_and_the_template_id(cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_SMS_PROVIDER = "hub.notify.tests.test_channels.RecordingSms"
    RecordingSms.sent.clear()
    deliver(
        write_message(
            channel="sms", recipient=cast.person_member, address="", params={"text": "8:00"}
        )
    )
    assert RecordingSms.sent == [("13800001111", "generic.text", {"text": "8:00"})]


def test_the_console_sms_provider_masks_the_phone(cast, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level("INFO", logger="hub.notify.channels")
    deliver(write_message(channel="sms", recipient=cast.person_member, address=""))
    assert "138****1111" in caplog.text
    assert "13800001111" not in caplog.text
