"""Secrets never reach a page or an API answer.

Error texts stored by crawls and deliveries can quote a URL with its password
or a configured secret (an SMTP server's refusal, a webhook URL with a key in
its query). Every such text passes through ``redact`` before it is shown: URLs
are masked as everywhere else (``storage.redact.mask_secrets``); what the web
adds is the configured secret values, which a text may quote on their own.
The configuration is the process's settings (``Settings.env``), handed to
``create_app``, which keeps one ``Redactor`` for its pages and answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from storage.redact import MASK, mask_secrets

# Variables whose whole value is a secret, and those holding URLs whose
# password or query may be one.
_SECRET_VARS = ("PORTALWATCH_WEBHOOK_SECRET", "PORTALWATCH_SMTP_PASSWORD", "PORTALWATCH_WEB_TOKEN")
_URL_VARS = ("PORTALWATCH_SMTP_URL", "PORTALWATCH_WEBHOOK_URL", "PORTALWATCH_DB_URL", "PORTALWATCH_REDIS_URL")


def _secrets_of(env: Mapping[str, str]) -> list[str]:
    found = [env[name] for name in _SECRET_VARS if env.get(name)]
    for name in _URL_VARS:
        value = env.get(name)
        if not value:
            continue
        parts = urlsplit(value)
        found += [part for part in (parts.password, parts.query) if part]
    # Longest first, so that a secret containing another is masked whole.
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


class Redactor:
    """``redact`` with the secrets of one configuration, found once."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._secrets = _secrets_of(env)

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        text = mask_secrets(text)
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def redact(text: str | None, env: Mapping[str, str]) -> str | None:
    """The text with its URLs masked and the secrets ``env`` configures replaced by ***."""
    return Redactor(env)(text)
