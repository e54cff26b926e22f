"""Vietnamese words for the store's codes (posts, scopes, event types, states)."""

from __future__ import annotations

POSTS = {
    "party_secretary": "Bí thư",
    "standing_deputy_party_secretary": "Phó Bí thư Thường trực",
    "deputy_party_secretary": "Phó Bí thư",
    "hdnd_chair": "Chủ tịch HĐND",
    "hdnd_vice_chair": "Phó Chủ tịch HĐND",
    "ubnd_chair": "Chủ tịch UBND",
    "ubnd_vice_chair": "Phó Chủ tịch UBND",
    "mttq_chair": "Chủ tịch Ủy ban MTTQ",
    "mttq_vice_chair": "Phó Chủ tịch Ủy ban MTTQ",
    "standing_committee_member": "Ủy viên Ban Thường vụ",
    "committee_member": "Cấp ủy viên",
    "other": "Chức vụ khác",
}
SCOPES = {"district": "quận/huyện", "ward": "phường/xã", "city": "thành phố", "province": "tỉnh",
          "national": "trung ương"}
EVENT_TYPES = {"signing": "Ký kết chương trình phối hợp", "leadership_change": "Thay đổi lãnh đạo",
               "site_health": "Tình trạng trang"}
QUALIFIERS = {"former": "nguyên", "acting": "quyền", "in_charge": "phụ trách", "nominated": "được giới thiệu",
              "elected": "được bầu", "re_elected": "tái đắc cử"}
DELIVERY = {"pending": "đang chờ gửi", "delivered": "đã gửi", "dead": "gửi thất bại"}
RUN_STATUS = {"running": "đang chạy", "ok": "thành công", "partial": "một phần", "failed": "thất bại"}
HEALTH = {"raised": "có sự cố", "recovered": "đã hồi phục"}
PROBLEMS = {"failures": "lỗi thu thập liên tiếp", "layout": "bố cục trang thay đổi",
            "no_articles": "không còn bài viết"}


def post(code: str) -> str:
    return POSTS.get(code, code)


def label(table: dict[str, str], code: str | None) -> str:
    return table.get(code or "", code or "")
