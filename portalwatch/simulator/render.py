"""Template loading and the text helpers every platform renderer shares."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=None)
def _template(platform: str, name: str) -> Template:
    return Template((TEMPLATES / platform / f"{name}.html").read_text(encoding="utf-8"))


def render(platform: str, name: str, **values: object) -> str:
    """Fills ``templates/<platform>/<name>.html``; values must already be HTML."""
    return _template(platform, name).substitute({k: str(v) for k, v in values.items()})


def esc(text: str) -> str:
    """HTML text as a CMS editor leaves it: no-break spaces written as &nbsp;."""
    return html.escape(text, quote=True).replace("\u00a0", "&nbsp;")


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 14) -> str:
    """"Ủy ban MTTQ ký kết" -> "uy-ban-mttq-ky-ket", as Vietnamese CMSes build URLs."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    words = _NON_ALNUM.sub(" ", ascii_text.lower()).split()
    return "-".join(words[:max_words]) or "bai-viet"


def summary(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "..."


def ampm(moment: datetime) -> str:
    """"02:46 PM": the Cầu Giấy portal's 12-hour clock, English suffix whatever the locale."""
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment.minute:02d} {'PM' if moment.hour >= 12 else 'AM'}"


_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def vn_today(moment: datetime) -> str:
    return f"{_WEEKDAYS[moment.weekday()]}, ngày {moment:%d/%m/%Y}"
