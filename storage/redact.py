"""Masking secrets before anything is shown, logged or stored.

Database URLs carry passwords and webhook URLs carry tokens (``?token=…``,
sometimes in the path's user part). One function masks a URL, one masks every
URL inside a free-text message (an exception's text, a last_error); every
place that prints or stores a URL or an error goes through them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MASK = "***"

# scheme://… up to whitespace or a quote/bracket that ends a URL in prose.
_URL_IN_TEXT = re.compile(r"""\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s'"<>()\[\]{}]+""")


def mask_url(url: str) -> str:
    """The URL with its password, query string and fragment replaced by ***.

    The user name, host, port and path stay: they say which receiver or
    database is meant without giving away how to get in.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    masked = url
    if parts.password is not None:
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        masked = masked.replace(parts.netloc, f"{user}:{MASK}@{hostport}", 1)
    # Cut at the first ? or # after the authority: what follows may be a token.
    start = len(parts.scheme) + 3 + len(parts.netloc) if "://" in url else 0
    cut = min((i for i in (masked.find("?", start), masked.find("#", start)) if i >= 0), default=-1)
    if cut >= 0:
        masked = masked[:cut + 1] + MASK
    return masked


def mask_secrets(text: str) -> str:
    """Every URL inside a message masked (see mask_url); the rest left as it is."""
    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        trail = len(url) - len(url.rstrip(".,;:!"))  # sentence punctuation after the URL
        return mask_url(url[:len(url) - trail]) + url[len(url) - trail:]

    return _URL_IN_TEXT.sub(one, text)
