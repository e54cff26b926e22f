"""An alert in Vietnamese: subject, labelled facts and links, shared by every
channel that shows text to people (e-mail now)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SUBJECT_LIMIT = 180

TYPE_TITLES = {"signing": "Ký kết chương trình phối hợp", "leadership_change": "Thay đổi nhân sự lãnh đạo",
               "site_health": "Tình trạng trang tin", "test": "Cảnh báo thử nghiệm"}
LABELS = {"title": "Tiêu đề", "district": "Địa bàn", "detected_at": "Phát hiện lúc", "kind": "Loại",
          "parties": "Các bên", "programme": "Chương trình", "period": "Giai đoạn", "event_date": "Ngày ký",
          "post": "Chức vụ", "scope": "Cấp", "place": "Nơi", "new_holder": "Người đảm nhiệm mới",
          "old_holder": "Người trước đó", "site": "Trang", "problem": "Vấn đề", "state": "Trạng thái",
          "detail": "Chi tiết", "message": "Nội dung", "evidence": "Trích dẫn",
          "old_evidence": "Trích dẫn (người trước)", "new_evidence": "Trích dẫn (người mới)",
          "url": "Địa chỉ trang", "run_id": "Lần thu thập số", "run_status": "Kết quả thu thập",
          "figures": "Số liệu", "published": "Ngày đăng", "announced": "Bài viết công bố thay đổi"}
VALUES = {
    "kind": {"hdnd_ubnd_mttq": "HĐND – UBND – Ủy ban MTTQ", "other": "khác", "elected": "bầu",
             "appointed": "bổ nhiệm", "assigned": "điều động, phân công", "vacated": "thôi giữ chức",
             "dismissed": "miễn nhiệm"},
    "parties": {"hdnd": "HĐND", "ubnd": "UBND", "mttq": "Ủy ban MTTQ", "party_committee": "Cấp ủy Đảng"},
    "post": {"party_secretary": "Bí thư", "standing_deputy_party_secretary": "Phó Bí thư Thường trực",
             "deputy_party_secretary": "Phó Bí thư", "hdnd_chair": "Chủ tịch HĐND",
             "hdnd_vice_chair": "Phó Chủ tịch HĐND", "ubnd_chair": "Chủ tịch UBND",
             "ubnd_vice_chair": "Phó Chủ tịch UBND", "mttq_chair": "Chủ tịch Ủy ban MTTQ",
             "mttq_vice_chair": "Phó Chủ tịch Ủy ban MTTQ", "standing_committee_member": "Ủy viên Ban Thường vụ",
             "committee_member": "Cấp ủy viên", "other": "chức vụ khác"},
    "scope": {"district": "quận, huyện, thị xã", "city": "thành phố", "province": "tỉnh",
              "ward": "phường, xã, thị trấn", "national": "trung ương"},
    "state": {"raised": "có sự cố", "recovered": "đã trở lại bình thường"},
    "problem": {"crawl_failures": "thu thập thất bại nhiều lần liên tiếp",
                "layout": "bài viết thiếu tiêu đề, ngày hoặc nội dung (bố cục trang thay đổi?)",
                "no_articles": "không còn tìm thấy bài viết nào"},
}
_SKIPPED = {"id", "type", "article_urls"}


@dataclass(frozen=True)
class AlertText:
    subject: str
    heading: str
    rows: tuple[tuple[str, str], ...]
    urls: tuple[str, ...]
    delivery_id: str


def one_line(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """No line breaks or control characters: a title must not add mail headers."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                      for ch in unicodedata.normalize("NFC", text))
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[:limit - 1].rstrip() + "…"


def vietnam_time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(_VIETNAM).strftime("%d/%m/%Y %H:%M (giờ Việt Nam)")


def _value(key: str, value: Any) -> str:
    names = VALUES.get(key, {})
    if key == "detected_at" and isinstance(value, str):
        return vietnam_time(value)
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value)
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dict):
        # A holder: the name and since when the portals show them.
        if isinstance(value.get("name"), str):
            since = value.get("first_seen")
            return value["name"] + (f" (từ {since})" if since else "")
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _facts(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """The document's facts, flat: a signing's fields, each holder's evidence sentence."""
    facts: list[tuple[str, Any]] = []
    for key, value in document.items():
        if key == "signing" and isinstance(value, dict):
            facts += [(k, v) for k, v in value.items() if not (k == "district" and v == document.get("district"))]
        elif key in ("new_holder", "old_holder") and isinstance(value, dict):
            facts.append((key, value))
            evidence = value.get("evidence")
            if isinstance(evidence, dict) and evidence.get("text"):
                facts.append((key.replace("holder", "evidence"), evidence["text"]))
        else:
            facts.append((key, value))
    return facts


def _headline(document: dict[str, Any]) -> str:
    if document.get("type") == "leadership_change" and document.get("post"):
        post = _value("post", document["post"])
        holder = document.get("new_holder")
        name = holder.get("name") if isinstance(holder, dict) else holder
        return f"{post}: {name}" if name else post
    if document.get("type") == "site_health":
        site = document.get("site", "")
        return f"{site} {_value('state', document.get('state', ''))}".strip()
    for key in ("title", "programme", "message"):
        if isinstance(document.get(key), str) and document[key].strip():
            return document[key]
    return ""


def alert_text(document: dict[str, Any]) -> AlertText:
    kind = str(document.get("type", ""))
    heading = TYPE_TITLES.get(kind, kind)
    place = document.get("district")
    subject = f"[portalwatch] {heading}" + (f" – {place}" if place else "")
    headline = _headline(document)
    if headline:
        subject += f": {headline}"
    rows = tuple((LABELS.get(key, key), one_line(_value(key, value), 2000))
                 for key, value in _facts(document)
                 if key not in _SKIPPED and value not in (None, "", [], {}))
    urls = tuple(str(u) for u in document.get("article_urls") or ())
    return AlertText(subject=one_line(subject), heading=heading, rows=rows, urls=urls,
                     delivery_id=str(document.get("id", "")))
