"""Delivery channels: each sends one outbox message or raises :class:`DeliveryError`.

HTTP goes through ``urllib.request`` with a short timeout (``NOTIFY_HTTP_TIMEOUT``); nothing
here retries — retries, backoff and the outbox state belong to ``actions.dispatch_due``.
"""

from __future__ import annotations

import abc
import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote_plus, urlsplit

from django.conf import settings
from django.core import mail
from django.db.models import F, Q
from django.utils.module_loading import import_string

from hub.notify.models import Channel, Message
from hub.notify.templates import get_template
from hub.privacy.masking import mask_phone

log = logging.getLogger(__name__)

# Tests swap this for an opener that records requests; production uses urllib's default.
Opener = Callable[..., Any]
_urlopen: Opener = urllib.request.urlopen
MAX_RESPONSE_BYTES = 64 * 1024


class DeliveryError(Exception):
    """The provider refused or did not answer; the message will be tried again later."""


def http_timeout() -> float:
    return float(getattr(settings, "NOTIFY_HTTP_TIMEOUT", 5))


def encode_json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def post_json(
    url: str, payload: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> bytes:
    """POST ``payload`` as UTF-8 JSON and return the response body; any failure → DeliveryError."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise DeliveryError("refusing a non-HTTP webhook URL")
    data = encode_json(payload)
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )
    try:
        with _urlopen(request, timeout=http_timeout()) as response:
            return bytes(response.read(MAX_RESPONSE_BYTES))
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} from {urlsplit(url).netloc}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # OSError covers timeouts and refused connections; the URL path may hold a token.
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{urlsplit(url).netloc} unreachable: {reason}") from exc


def _json_reply(raw: bytes) -> dict[str, Any]:
    try:
        reply = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DeliveryError("the robot answered with something that is not JSON") from exc
    return reply if isinstance(reply, dict) else {}


# Signatures ----------------------------------------------------------------------------------
def dingtalk_signed_url(url: str, secret: str, *, timestamp_ms: int) -> str:
    """DingTalk's "加签": HMAC-SHA256 keyed by the secret over ``"{timestamp}\\n{secret}"``."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def feishu_sign(secret: str, *, timestamp_s: int) -> str:
    """Feishu's signature: HMAC-SHA256 keyed by ``"{timestamp}\\n{secret}"`` over nothing."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


# Channels ------------------------------------------------------------------------------------
class BaseChannel(abc.ABC):
    @abc.abstractmethod
    def send(self, message: Message) -> None:
        """Deliver ``message`` or raise DeliveryError."""


class ConsoleChannel(BaseChannel):
    """Writes the message to the log: the default for development and demos."""

    def send(self, message: Message) -> None:
        log.info(
            "notification #%s %s → %s: %s",
            message.pk,
            message.template,
            message.destination,
            message.text,
        )


class EmailChannel(BaseChannel):
    """Django's configured email backend; the message's ``address`` is the email address."""

    def send(self, message: Message) -> None:
        if not message.address:
            raise DeliveryError("an email message needs an address")
        try:
            connection = mail.get_connection(fail_silently=False, timeout=http_timeout())
            mail.EmailMessage(
                subject=message.subject,
                body=message.body,
                to=[message.address],
                connection=connection,
            ).send()
        except Exception as exc:  # SMTP, socket and backend errors all mean "try later"
            raise DeliveryError(f"email not sent: {exc}") from exc


def configured_channel(message: Message) -> Channel:
    """The enabled channel a robot/webhook message goes to: its route's, else by name.

    A routed message goes to its route's channel. Otherwise ``address`` names the channel
    (its organization's, else a shared one); an empty address means the only enabled one.
    """
    if message.route_id is not None:
        route = message.route
        if route is None or route.channel is None or not route.channel.enabled:
            raise DeliveryError("the route's robot was removed or disabled")
        return route.channel
    rows = Channel.objects.filter(kind=message.channel, enabled=True).filter(
        Q(organization_id=message.organization_id) | Q(organization__isnull=True)
    )
    if message.address:
        rows = rows.filter(name=message.address)
    found = list(rows.order_by(F("organization_id").asc(nulls_last=True), "name")[:2])
    if not found:
        raise DeliveryError(f"no enabled {message.channel} channel named {message.address!r}")
    if (
        not message.address
        and len(found) > 1
        and found[0].organization_id == found[1].organization_id
    ):
        raise DeliveryError(f"several {message.channel} channels: name one in the address")
    return found[0]


class WebhookChannel(BaseChannel):
    """A generic JSON POST; with a secret, ``X-Shouwang-Signature: sha256=<hex HMAC of body>``.

    Receivers should dedupe on ``X-Shouwang-Message-Id``: delivery is at least once.
    """

    def payload(self, message: Message) -> dict[str, Any]:
        return {
            "id": message.pk,
            "template": message.template,
            "subject": message.subject,
            "body": message.body,
            "params": message.params,
            "organization_id": message.organization_id,
            "created_at": message.created_at.isoformat() if message.created_at else None,
        }

    def send(self, message: Message) -> None:
        channel = configured_channel(message)
        payload = self.payload(message)
        headers = {"X-Shouwang-Message-Id": str(message.pk)}
        if channel.secret:
            digest = hmac.new(
                channel.secret.encode(), encode_json(payload), hashlib.sha256
            ).hexdigest()
            headers["X-Shouwang-Signature"] = f"sha256={digest}"
        post_json(channel.url, payload, headers)


class WeComChannel(BaseChannel):
    """企业微信群机器人: ``{"msgtype": "text", "text": {"content": …}}``, answers errcode 0."""

    def payload(self, message: Message) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": message.text}}

    def send(self, message: Message) -> None:
        channel = configured_channel(message)
        reply = _json_reply(post_json(channel.url, self.payload(message)))
        if reply.get("errcode", 0) != 0:
            raise DeliveryError(f"WeCom errcode {reply.get('errcode')}: {reply.get('errmsg')}")


class DingTalkChannel(BaseChannel):
    """钉钉群机器人: same text payload as WeCom; a secret adds ``timestamp`` and ``sign``."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def payload(self, message: Message) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": message.text}}

    def send(self, message: Message) -> None:
        channel = configured_channel(message)
        url = channel.url
        if channel.secret:
            url = dingtalk_signed_url(url, channel.secret, timestamp_ms=int(self.clock() * 1000))
        reply = _json_reply(post_json(url, self.payload(message)))
        if reply.get("errcode", 0) != 0:
            raise DeliveryError(f"DingTalk errcode {reply.get('errcode')}: {reply.get('errmsg')}")


class FeishuChannel(BaseChannel):
    """飞书群机器人: ``{"msg_type": "text", "content": {"text": …}}``, signed with a secret."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def payload(self, message: Message, secret: str = "") -> dict[str, Any]:
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": message.text}}
        if secret:
            timestamp = int(self.clock())
            payload = {
                "timestamp": str(timestamp),
                "sign": feishu_sign(secret, timestamp_s=timestamp),
                **payload,
            }
        return payload

    def send(self, message: Message) -> None:
        channel = configured_channel(message)
        reply = _json_reply(post_json(channel.url, self.payload(message, channel.secret)))
        code = reply.get("code", reply.get("StatusCode", 0))
        if code != 0:
            raise DeliveryError(f"Feishu code {code}: {reply.get('msg')}")


# SMS -----------------------------------------------------------------------------------------
class SmsProvider(abc.ABC):
    """An SMS vendor: sends a pre-approved template with parameters to one phone number."""

    @abc.abstractmethod
    def send(self, *, phone: str, template_id: str, params: Mapping[str, str]) -> None:
        """Send or raise DeliveryError."""


class ConsoleSmsProvider(SmsProvider):
    """Logs the SMS with the phone masked: the stand-in until a vendor is contracted."""

    def send(self, *, phone: str, template_id: str, params: Mapping[str, str]) -> None:
        log.info("SMS to %s template %s params %s", mask_phone(phone), template_id, dict(params))


def sms_template_code(template_key: str) -> str:
    """The id the SMS vendor approved for ``template_key`` ("" when it has none).

    ``NOTIFY_SMS_TEMPLATE_CODES`` ({template key: vendor code}, per deployment, since codes
    belong to the vendor account) wins over the code the template was registered with.
    """
    codes = getattr(settings, "NOTIFY_SMS_TEMPLATE_CODES", {}) or {}
    return str(codes.get(template_key) or get_template(template_key).sms_template_id or "")


def sms_provider() -> SmsProvider:
    path = getattr(settings, "NOTIFY_SMS_PROVIDER", "hub.notify.channels.ConsoleSmsProvider")
    provider: SmsProvider = import_string(path)()
    return provider


class SmsChannel(BaseChannel):
    """SMS through ``NOTIFY_SMS_PROVIDER`` to the recipient's phone (or a phone in ``address``)."""

    def send(self, message: Message) -> None:
        phone = message.recipient.phone if message.recipient is not None else message.address
        if not phone:
            raise DeliveryError("the recipient has no phone number")
        code = sms_template_code(message.template)
        params = {str(k): str(v) for k, v in message.params.items()}
        sms_provider().send(phone=phone, template_id=code or message.template, params=params)


CHANNELS: dict[str, Callable[[], BaseChannel]] = {
    Message.Channel.CONSOLE: ConsoleChannel,
    Message.Channel.EMAIL: EmailChannel,
    Message.Channel.WEBHOOK: WebhookChannel,
    Message.Channel.WECOM: WeComChannel,
    Message.Channel.DINGTALK: DingTalkChannel,
    Message.Channel.FEISHU: FeishuChannel,
    Message.Channel.SMS: SmsChannel,
}


def deliver(message: Message) -> None:
    """Send ``message`` through its channel; raises DeliveryError on any provider failure."""
    try:
        channel = CHANNELS[message.channel]()
    except KeyError:
        raise DeliveryError(f"unknown channel {message.channel!r}") from None
    channel.send(message)
