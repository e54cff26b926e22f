"""Alert settings: the channels, their filters and the delivery policy.

From the environment (SPEC "Alerts"):

    PORTALWATCH_SMTP_URL            smtp://user:pass@host:587?starttls=true, smtps://host (TLS),
                                    query: starttls, tls, timeout, verify=false, cafile=PATH
    PORTALWATCH_SMTP_USER / _PASSWORD   login when the URL carries none
    PORTALWATCH_ALERT_EMAIL_TO      comma-separated recipients
    PORTALWATCH_ALERT_EMAIL_FROM    sender (default portalwatch@<host name>)
    PORTALWATCH_WEBHOOK_URL / PORTALWATCH_WEBHOOK_SECRET / PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS
    PORTALWATCH_ALERT_EMAIL_TYPES / _DISTRICTS, PORTALWATCH_WEBHOOK_TYPES / _DISTRICTS  filters
    PORTALWATCH_ALERT_MAX_ATTEMPTS, _MAX_AGE_SECONDS, _BACKOFF_SECONDS, _BACKOFF_MAX_SECONDS,
    _LEASE_SECONDS, _POLL_SECONDS   the delivery policy (PORTALWATCH_ALERT_ prefix)

or from the YAML file named by PORTALWATCH_ALERT_CONFIG (``delivery:`` and a
``channels:`` list, see docs/monitor.md); the environment's channels are added
to the file's and its delivery variables override the file's.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from storage.errors import UsageError
from storage.normalize import district_key
from storage.settings import env_float, env_int, env_list

EVENT_TYPES = ("signing", "leadership_change", "site_health", "test")


# Only confident events alert unless the settings say otherwise (an announced change read
# from a plain sentence is 0.9; a change inferred from two articles' sightings is less).
DEFAULT_MIN_CONFIDENCE = 0.8

@dataclass(frozen=True)
class Filters:
    """None accepts everything; a set accepts only its members."""

    types: frozenset[str] | None = None
    districts: frozenset[str] | None = None  # as district_key()

    def accepts(self, event_type: str, district: str | None) -> bool:
        if self.types is not None and event_type not in self.types:
            return False
        if self.districts is not None and (district is None or district_key(district) not in self.districts):
            return False
        return True


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # none | starttls | tls
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    verify: bool = True
    cafile: str | None = None


@dataclass(frozen=True)
class EmailChannelConfig:
    name: str
    smtp: SmtpServer
    sender: str
    recipients: tuple[str, ...]
    filters: Filters = Filters()
    kind: str = "email"


@dataclass(frozen=True)
class WebhookChannelConfig:
    name: str
    url: str
    secret: str = field(repr=False)
    timeout: float = 10.0
    filters: Filters = Filters()
    kind: str = "webhook"


ChannelConfig = EmailChannelConfig | WebhookChannelConfig


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int = 10
    max_age_seconds: float = 2 * 86400
    backoff_seconds: float = 30.0  # the first retry's delay; doubles each attempt
    backoff_max_seconds: float = 3600.0
    # How long a claimed row stays invisible to other deliverers; longer than any send.
    lease_seconds: float = 120.0
    poll_seconds: float = 5.0


@dataclass(frozen=True)
class AlertSettings:
    channels: tuple[ChannelConfig, ...] = ()
    delivery: DeliveryPolicy = DeliveryPolicy()
    # Events less sure than this are stored and listed by `events` but alert no one.
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def channel(self, name: str) -> ChannelConfig | None:
        return next((c for c in self.channels if c.name == name), None)


def _flag(query: dict[str, list[str]], key: str) -> bool:
    return (query.get(key, ["false"])[-1]).strip().lower() in ("1", "true", "yes", "on")


def parse_smtp_url(url: str, env: Mapping[str, str], where: str = "PORTALWATCH_SMTP_URL") -> SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise UsageError(f"the setting {where} is not smtp://[user:pass@]host[:port] or smtps://….")
    query = parse_qs(parts.query)
    security = ("tls" if parts.scheme == "smtps" or _flag(query, "tls")
                else "starttls" if _flag(query, "starttls") else "none")
    try:
        port = parts.port or {"tls": 465, "starttls": 587, "none": 25}[security]
        timeout = float(query.get("timeout", ["30"])[-1])
    except ValueError:
        raise UsageError(f"the setting {where} has a port or timeout that is not a number.") from None
    username = unquote(parts.username) if parts.username else env.get("PORTALWATCH_SMTP_USER") or None
    password = unquote(parts.password) if parts.password else env.get("PORTALWATCH_SMTP_PASSWORD") or None
    verify = query.get("verify", ["true"])[-1].strip().lower() not in ("0", "false", "no", "off")
    return SmtpServer(host=parts.hostname, port=port, security=security, username=username,
                      password=password, timeout=timeout, verify=verify,
                      cafile=query.get("cafile", [None])[-1])


def _filters(types: Any, districts: Any, where: str) -> Filters:
    def as_list(value: Any, what: str) -> list[str] | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"the alert settings of {where} have {what} that are not a list of names.")
        return list(value)

    type_list = as_list(types, "types")
    for name in type_list or ():
        if name not in EVENT_TYPES:
            raise UsageError(f"the alert settings of {where} name the event type {name!r}, "
                             f"not one of {', '.join(EVENT_TYPES)}.")
    district_list = as_list(districts, "districts")
    return Filters(types=frozenset(type_list) if type_list is not None else None,
                   districts=frozenset(map(district_key, district_list)) if district_list is not None else None)


def _default_sender() -> str:
    return f"portalwatch@{socket.gethostname() or 'localhost'}"


def _email_channel(name: str, smtp_url: str | None, to: Any, sender: str | None, filters: Filters,
                   env: Mapping[str, str], where: str) -> EmailChannelConfig:
    if not smtp_url:
        raise UsageError(f"{where} has recipients but no SMTP server (PORTALWATCH_SMTP_URL or smtp_url).")
    recipients = [r.strip() for r in (to.split(",") if isinstance(to, str) else to or []) if r.strip()]
    if not recipients:
        raise UsageError(f"{where} has an SMTP server but no recipients (PORTALWATCH_ALERT_EMAIL_TO or to).")
    for address in [*recipients, sender or ""]:
        if any(ch in address for ch in "\r\n"):
            raise UsageError(f"{where} has an e-mail address with a line break in it.")
    return EmailChannelConfig(name=name, smtp=parse_smtp_url(smtp_url, env, where), sender=sender or _default_sender(),
                              recipients=tuple(recipients), filters=filters)


def _webhook_channel(name: str, url: str | None, secret: str | None, timeout: float,
                     filters: Filters, where: str) -> WebhookChannelConfig:
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{where} has a webhook URL that is not http(s)://host/….")
    if not secret:
        raise UsageError(f"{where} has a webhook URL but no secret to sign with (PORTALWATCH_WEBHOOK_SECRET).")
    return WebhookChannelConfig(name=name, url=url or "", secret=secret, timeout=timeout, filters=filters)


def _channels_from_env(env: Mapping[str, str]) -> list[ChannelConfig]:
    channels: list[ChannelConfig] = []
    if env.get("PORTALWATCH_SMTP_URL") or env.get("PORTALWATCH_ALERT_EMAIL_TO"):
        filters = _filters(env_list(env, "PORTALWATCH_ALERT_EMAIL_TYPES"),
                           env_list(env, "PORTALWATCH_ALERT_EMAIL_DISTRICTS"), "the e-mail channel")
        channels.append(_email_channel("email", env.get("PORTALWATCH_SMTP_URL"),
                                       env.get("PORTALWATCH_ALERT_EMAIL_TO"),
                                       env.get("PORTALWATCH_ALERT_EMAIL_FROM"), filters, env,
                                       "the environment"))
    if env.get("PORTALWATCH_WEBHOOK_URL"):
        filters = _filters(env_list(env, "PORTALWATCH_WEBHOOK_TYPES"),
                           env_list(env, "PORTALWATCH_WEBHOOK_DISTRICTS"), "the webhook channel")
        channels.append(_webhook_channel(
            "webhook", env["PORTALWATCH_WEBHOOK_URL"], env.get("PORTALWATCH_WEBHOOK_SECRET"),
            env_float(env, "PORTALWATCH_WEBHOOK_TIMEOUT_SECONDS", 10.0, 0.1), filters, "the environment"))
    return channels


def _channel_from_file(raw: Any, index: int, env: Mapping[str, str], path: Path) -> ChannelConfig:
    where = f"channel #{index + 1} of {path}"
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise UsageError(f"the alert config {path} has a {where.split(' of ')[0]} without a name.")
    name = raw["name"].strip()
    where = f"channel {name!r} of {path}"
    raw_filters = raw.get("filters") or {}
    filters = _filters(raw_filters.get("types"), raw_filters.get("districts"), where)
    kind = raw.get("type")
    if kind == "email":
        return _email_channel(name, raw.get("smtp_url"), raw.get("to"), raw.get("from"), filters, env, where)
    if kind == "webhook":
        try:
            timeout = float(raw.get("timeout_seconds", 10.0))
        except (TypeError, ValueError):
            raise UsageError(f"{where} has a timeout_seconds that is not a number.") from None
        return _webhook_channel(name, raw.get("url"), raw.get("secret"), timeout, filters, where)
    raise UsageError(f"{where} has type {kind!r}, not email or webhook.")


def _policy(base: DeliveryPolicy, raw: Mapping[str, Any], env: Mapping[str, str]) -> DeliveryPolicy:
    values: dict[str, Any] = {}
    for name, default in vars(base).items():
        value = raw.get(name, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise UsageError(f"the alert delivery setting {name} is not a number >= 0.")
        env_name = "PORTALWATCH_ALERT_" + name.upper()
        values[name] = (env_int(env, env_name, int(value), 1) if name == "max_attempts"
                        else env_float(env, env_name, float(value)))
    return replace(base, **values)


def _min_confidence(raw: Any, where: str) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise UsageError(f"the minimum alert confidence in {where} is not a number from 0 to 1.")
    return value


def load_alert_settings(env: Mapping[str, str]) -> AlertSettings:
    """From the settings' variables (``storage.settings.Settings.env``) and the config file they name."""
    channels: list[ChannelConfig] = []
    raw_delivery: dict[str, Any] = {}
    min_confidence = DEFAULT_MIN_CONFIDENCE
    config_file = env.get("PORTALWATCH_ALERT_CONFIG", "").strip()
    if config_file:
        path = Path(config_file)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise UsageError(f"the alert config {path} cannot be read ({type(exc).__name__}).") from None
        if not isinstance(data, dict):
            raise UsageError(f"the alert config {path} is not a mapping with channels: and delivery:.")
        raw_delivery = data.get("delivery") or {}
        if not isinstance(raw_delivery, dict) or not isinstance(data.get("channels") or [], list):
            raise UsageError(f"the alert config {path} needs delivery: as a mapping and channels: as a list.")
        channels = [_channel_from_file(raw, i, env, path) for i, raw in enumerate(data.get("channels") or [])]
        if data.get("min_confidence") is not None:
            min_confidence = _min_confidence(data["min_confidence"], str(path))
    names = {c.name for c in channels}
    channels += [c for c in _channels_from_env(env) if c.name not in names]
    if len({c.name for c in channels}) != len(channels):
        raise UsageError("two alert channels have the same name; each needs its own.")
    if env.get("PORTALWATCH_ALERT_MIN_CONFIDENCE", "").strip():
        min_confidence = _min_confidence(env["PORTALWATCH_ALERT_MIN_CONFIDENCE"], "PORTALWATCH_ALERT_MIN_CONFIDENCE")
    return AlertSettings(channels=tuple(channels), delivery=_policy(DeliveryPolicy(), raw_delivery, env),
                         min_confidence=min_confidence)


_cache: tuple[tuple, AlertSettings] | None = None


def current_alert_settings() -> AlertSettings:
    """The process's settings, read again only when the environment or config file changed.

    For callers with no entry point's Settings (a library user calling ``analyse_pending`` or
    ``enqueue`` bare): the CLI and the daemon hand theirs down, and the analysis pass reads
    this once before its transactions, never inside them."""
    global _cache
    config_file = os.environ.get("PORTALWATCH_ALERT_CONFIG", "")
    try:
        mtime = os.stat(config_file).st_mtime if config_file else None
    except OSError:
        mtime = None
    key = (tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("PORTALWATCH_"))), mtime)
    if _cache is None or _cache[0] != key:
        _cache = (key, load_alert_settings(os.environ))
    return _cache[1]
