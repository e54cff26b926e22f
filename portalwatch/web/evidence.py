"""The evidence of an event, as sentences with their key words marked.

Evidence sits in several places of an event: the signing's sentence, each
holder's sentence of a leadership change, a site-health detail, and (from the
detectors' newer events) a top-level ``evidence`` of one or more sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from storage.normalize import fold, nfc

# Words that make a sentence evidence of its event, beside the names it carries.
_SIGNING_WORDS = ("ký kết", "ký", "chương trình phối hợp", "quy chế phối hợp", "kế hoạch phối hợp",
                  "HĐND", "UBND", "MTTQ", "Hội đồng nhân dân", "Ủy ban nhân dân", "Mặt trận Tổ quốc")
_CHANGE_WORDS = ("được bầu", "bầu", "bổ nhiệm", "điều động", "phân công", "thay", "nghỉ hưu", "miễn nhiệm",
                 "Chủ tịch", "Bí thư", "Phó Bí thư Thường trực", "HĐND", "UBND", "MTTQ")


@dataclass(frozen=True)
class Evidence:
    text: str
    url: str | None = None  # the article the sentence is from, when known


def _sentences(value: Any) -> list[Evidence]:
    if isinstance(value, str):
        return [Evidence(value)] if value.strip() else []
    if isinstance(value, dict):
        text = value.get("text") or value.get("sentence") or ""
        return [Evidence(text, value.get("url"))] if text.strip() else []
    if isinstance(value, list):
        return [e for item in value for e in _sentences(item)]
    return []


def evidence_of(event: dict[str, Any]) -> list[Evidence]:
    """Every evidence sentence of an event, each once, in the order they explain it."""
    found = _sentences(event.get("evidence"))
    if event["type"] == "signing":
        found += _sentences((event.get("signing") or {}).get("evidence"))
    elif event["type"] == "leadership_change":
        for side in ("old_holder", "new_holder"):
            found += _sentences((event.get(side) or {}).get("evidence"))
    elif event["type"] == "site_health":
        found += _sentences(event.get("detail"))
    unique: dict[str, Evidence] = {}
    for item in found:
        key = fold(item.text)
        if key not in unique or (unique[key].url is None and item.url):
            unique[key] = item
    return list(unique.values())


def key_words(event: dict[str, Any]) -> list[str]:
    if event["type"] == "signing":
        signing = event.get("signing") or {}
        words = list(_SIGNING_WORDS) + [signing.get("period") or "", signing.get("programme") or ""]
        return words + [p for p in signing.get("parties") or [] if isinstance(p, str)]
    if event["type"] == "leadership_change":
        names = [(event.get(side) or {}).get("name") or "" for side in ("old_holder", "new_holder")]
        return list(_CHANGE_WORDS) + names + [event.get("place") or ""]
    return []


def _pattern(word: str) -> str:
    # "Ủy" and "Uỷ" are one spelling; the rest is matched as written, any case.
    return re.escape(nfc(word)).replace("Ủy", "(?:Ủy|Uỷ)").replace("ủy", "(?:ủy|uỷ)")


def mark(text: str, words: list[str]) -> Markup:
    """The text, escaped, with each key word in <mark>; longer words win over their parts."""
    text = nfc(text)
    words = sorted({w for w in words if len(w.strip()) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_pattern(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup("<mark>{}</mark>").format(match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
