"""Nominees elected all at once.

"Chủ tịch UBND huyện đọc tờ trình giới thiệu 3 nhân sự để HĐND huyện bầu giữ chức Phó Chủ tịch UBND
huyện. Các nhân sự được giới thiệu gồm các ông, bà: A, ...; B, ...; C, .... Theo kết quả kiểm phiếu, cả
3 nhân sự được giới thiệu đều trúng cử": the result names nobody; the nomination names the post and the
list the people, so the result elects each listed nominee to that post.
"""

from __future__ import annotations

import re

from monitor.detect.change_record import ChangeReading, post_list, record
from monitor.detect.changes import not_done
from monitor.detect.names import is_capitalised, names_in
from monitor.detect.people import ReadingContext
from monitor.detect.posts import starts_with_post
from monitor.detect.sentences import Sentence

_COUNTS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_NUMBER = r"(?:\d+|" + "|".join(_COUNTS) + ")"
# "cả 3 nhân sự được giới thiệu đều trúng cử", "tất cả các đồng chí đều đã được bầu"
_ALL_WON = re.compile(r"(?<!\w)(?:cả|tất cả)\s+(?:các\s+)?(?:(?P<n>" + _NUMBER + r")\s+)?"
                      r"(?:nhân sự|đồng chí|người|ứng cử viên|ứng viên)(?!\w)[^.;]*?"
                      r"(?<!\w)đều\s+(?:đã\s+)?(?:trúng cử|được bầu|đắc cử)(?!\w)")
# "giới thiệu 3 nhân sự để HĐND huyện bầu giữ chức ...", "được giới thiệu để bầu làm ...": the post.
_NOMINATION = re.compile(r"(?<!\w)giới thiệu(?!\w)[^.;]*?(?<!\w)bầu\s+(?:bổ sung\s+)?(?:giữ chức vụ|giữ chức danh|"
                         r"giữ chức|làm|vào chức danh|chức danh|chức vụ)\s+")
# "gồm các ông, bà: A, B", "gồm các ông: A, B": the people.
_LISTED = re.compile(r"(?<!\w)gồm(?:\s+(?:các\s+)?(?:ông|bà|đồng chí)(?:\s*,\s*(?:ông|bà))?)?\s*:\s*")
_SURE = 0.8  # the post and the people come from other sentences than the result


_ITEM = re.compile(r"[^,;.]+")


def _listed_names(s: Sentence, start: int, ctx: ReadingContext) -> list[str]:
    """The names of a list "A, B và C" or "A, Giám đốc ...; B, Trưởng phòng ...": each item that is a
    run of two to five capitalised syllables and no post; a family name off the common list counts too,
    the list is what says these are people."""
    out: list[str] = []
    for item in _ITEM.finditer(s.text, start):
        words = item.group(0).split()
        if words[:1] == ["và"]:
            words = words[1:]
        folded = s.folded[item.start():item.end()].strip()
        if 2 <= len(words) <= 5 and all(is_capitalised(w) for w in words) and not starts_with_post(folded):
            out.append(" ".join(words))
        elif not out:
            found = [n.name for n in names_in(item.group(0), s.folded[item.start():item.end()], ctx.places)]
            out += found[:1]
    return out


def read_all_elected(body: list[Sentence], ctx: ReadingContext, district: str | None) -> ChangeReading:
    """The elections of nominees listed before a result that says all of them won."""
    won_at = next((i for i, s in enumerate(body) if (m := _ALL_WON.search(s.folded))
                   and not not_done(s.folded, m.start(), ctx.published)), None)
    if won_at is None:
        return ChangeReading([], [])
    won = body[won_at]
    before = body[:won_at + 1]
    post = next((phrases for s in before if (m := _NOMINATION.search(s.folded))
                 and (phrases := post_list(s, m.end(), ctx))), None)
    listed = next(((s, m) for s in reversed(before) if (m := _LISTED.search(s.folded))), None)
    if not post or listed is None:
        return ChangeReading([], [])
    s, m = listed
    names = _listed_names(s, m.end(), ctx)
    count = _ALL_WON.search(won.folded)["n"]
    if not names or (count and int(_COUNTS.get(count, count)) != len(names)):
        return ChangeReading([], [])  # the list is not the one the result counts
    reading = ChangeReading([], [], won.text)
    for name in names:
        record(won, district, name, None, post[:1], "elected", "elected", reading, _SURE)
    return reading
