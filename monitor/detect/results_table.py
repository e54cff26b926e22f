"""A session's results set out as a table, one post a line:

    Kết quả bầu các chức danh như sau:
    Chủ tịch HĐND phường: đồng chí Nguyễn Thị A, Bí thư Đảng ủy phường;
    Phó Chủ tịch UBND phường: đồng chí B và đồng chí C.

Each line under such a heading is an election of the people it names to its post. A table drawn with
cells ("Chủ tịch HĐND xã | Nguyễn Thị A | 100%") is the same row with "|" (or a tab) for the colon, under
a line of column titles that names nobody; a row may also name the person first and the post after the
colon ("- Bà A, Bí thư Đảng ủy phường: Chủ tịch HĐND phường;").
"""

from __future__ import annotations

import re
from dataclasses import replace

from monitor.detect import vocabulary as v
from monitor.detect.change_record import ChangeReading, post_list, record
from monitor.detect.changes import not_done, replaced_names
from monitor.detect.names import names_in
from monitor.detect.people import ReadingContext
from monitor.detect.posts import parse_post
from monitor.detect.sentences import Sentence

_HEADING = v.compile_phrases(v.RESULTS_TABLE_CUES)
# What parts a row's post from its names: a colon, or a table's cell border.
_COLON = re.compile(r"\s*[:|\t]\s*")
_CELL = re.compile(r"[:|\t]")
# A row says less than a sentence with its verb: the heading is what makes it an election.
_SURE_ROW = 0.85
_TARGET = re.compile(r"\s*(?:" + v.alternation(v.TARGET_POST_MARKERS) + r")\s*")
_AGAIN = v.compile_phrases((*v.RE_ELECTED, "bầu lại"))
_BULLET = re.compile(r"[\s\-–—+•*]*(?:\d{1,2}[.)]\s*|[a-zđ][.)]\s+)?")
_VOTES = re.compile(r":\s*\d+\s*/\s*\d+\s*phiếu")
_NUMBER = re.compile(r"\s*(?:\d+|một|hai|ba|bốn|năm|các|những)?\s*")
# "... gồm:", "... là các ông:": the head's post opens a list of its holders.
_LIST_OF = re.compile(r"(?<!\w)(?:gồm|là)(?:\s+các)?(?:\s+(?:ông|bà|đồng chí))?(?:\s*,\s*(?:ông|bà))?\s*:\s*$")
_ELECTING = v.compile_phrases([p for kind, phrases in v.CHANGE_VERBS if kind == "elected" for p in phrases])
_NOMINEES = v.compile_phrases([p for kind, phrases in v.CHANGE_VERBS if kind == "nominated" for p in phrases])
_APPOINTING = v.compile_phrases([p for kind, phrases in v.CHANGE_VERBS if kind == "appointed" for p in phrases])


def _kind(heading: Sentence) -> str:
    """"công bố nghị quyết ... chỉ định các chức danh; kết quả như sau:": the rows are designations."""
    return "appointed" if _APPOINTING.search(heading.folded) and not _ELECTING.search(heading.folded) \
        else "elected"


def _is_heading(s: Sentence) -> bool:
    """"Kết quả bầu các chức danh như sau:", "HĐND xã đã bầu các chức danh chủ chốt, cụ thể:"."""
    return s.text.rstrip().endswith(":") and bool(_HEADING.search(s.folded) or _ELECTING.search(s.folded))


def _row(s: Sentence, heading: Sentence, ctx: ReadingContext, district: str | None,
         reading: ChangeReading) -> bool:
    """Reads one "Post: names" line into ``reading``; False when the line is no row."""
    cell = _CELL.search(s.folded)
    at = cell.start() if cell else -1
    start = _BULLET.match(s.folded).end()  # "- Chủ tịch UBND xã: ...", "1. Chủ tịch ..."
    phrase = parse_post(s.text, s.folded, start, at, province=ctx.province, places=ctx.places) \
        if at > start else None
    colon = _COLON.match(s.folded, phrase.end) if phrase else None
    if colon is None or not colon.group(0).strip():
        return _named_row(s, heading, ctx, district, reading) or _vote_row(s, heading, ctx, district, reading) \
            or _column_titles(s, ctx)
    named = [n for n in names_in(s.text, s.folded, ctx.places) if n.start >= colon.end()]
    # "(thay ông B)" names the holder before, not one more elected.
    replaced_at, old_holder = replaced_names(named, s)
    holders = [n for n in named if n.start not in replaced_at]
    row = ChangeReading([], [], f"{heading.text} {s.text}")
    for i, holder in enumerate(holders):
        # "ông Nguyễn Văn Đức, Phó Bí thư ... (tái cử)": re-elected, no change.
        own = s.folded[holder.end:holders[i + 1].start if i + 1 < len(holders) else len(s.folded)]
        again = bool(_AGAIN.search(own))
        kind = _kind(heading)
        record(s, district, holder.name, old_holder, [phrase], "re_elected" if again else
               ("elected" if kind == "elected" else None), None if again else kind, row, _SURE_ROW)
    reading.changes.extend(row.changes)
    reading.mentions.extend(row.mentions)
    return bool(holders)


def _column_titles(s: Sentence, ctx: ReadingContext) -> bool:
    """"Chức danh | Họ và tên | Tỷ lệ phiếu": a table's first line, cells that name nobody."""
    return s.folded.count("|") + s.folded.count("\t") >= 2 and not names_in(s.text, s.folded, ctx.places)


def _named_row(s: Sentence, heading: Sentence, ctx: ReadingContext, district: str | None,
               reading: ChangeReading) -> bool:
    """A row that names the person first: "- Ông Nguyễn Văn A giữ chức Chủ tịch HĐND xã;"."""
    row = ChangeReading([], [], f"{heading.text} {s.text}")
    named = names_in(s.text, s.folded, ctx.places)
    for holder in named:
        marker = _TARGET.match(s.folded, holder.end)
        phrases = post_list(s, marker.end(), ctx) if marker else []
        if phrases:
            record(s, district, holder.name, None, phrases, "elected", "elected", row, _SURE_ROW)
    cell = _CELL.search(s.folded)
    if not row.mentions and cell and named and named[0].start <= 12:
        # "- Bà A, Bí thư Đảng ủy phường: Chủ tịch HĐND phường;", "Ông B và bà C: Phó Chủ tịch UBND
        # phường.": the names (with the posts they hold) before the colon, the post they take after it.
        phrases = post_list(s, _COLON.match(s.folded, cell.start()).end(), ctx)
        kind = _kind(heading)
        for holder in (n for n in named if n.end <= cell.start()) if phrases else ():
            record(s, district, holder.name, None, phrases[:1], "elected" if kind == "elected" else None, kind,
                   row, _SURE_ROW)
    reading.changes.extend(row.changes)
    reading.mentions.extend(row.mentions)
    return bool(row.mentions)


def _elected_post(heading: Sentence, ctx: ReadingContext) -> list:
    """The post an announcement elects to ("HĐND xã bầu bổ sung hai Phó Chủ tịch UBND xã. Kết quả ...")."""
    for m in _ELECTING.finditer(heading.folded):
        at = _NUMBER.match(heading.folded, m.end()).end()
        marker = _TARGET.match(heading.folded, at)  # "bầu bổ sung chức danh Phó Chủ tịch UBND xã"
        phrases = post_list(heading, marker.end() if marker else at, ctx)
        if phrases:
            return phrases[:1]
    return []


def _vote_row(s: Sentence, heading: Sentence, ctx: ReadingContext, district: str | None,
              reading: ChangeReading) -> bool:
    """A row of votes under an election to one post: "Ông Nguyễn Văn A, Trưởng phòng ...: 36/36 phiếu"."""
    if not _VOTES.search(s.folded):
        return False
    named = names_in(s.text, s.folded, ctx.places)
    phrases = _elected_post(heading, ctx)
    if not named or named[0].start > 4 or not phrases:
        return False
    row = ChangeReading([], [], f"{heading.text} {s.text}")
    record(s, district, named[0].name, None, phrases, "elected", "elected", row, _SURE_ROW)
    reading.changes.extend(row.changes)
    reading.mentions.extend(row.mentions)
    return True


_DASH_AFTER_NAME = re.compile(r"\s*[-–—]\s*|\s*,\s*")


def _inline_table(s: Sentence, ctx: ReadingContext, district: str | None, reading: ChangeReading) -> None:
    """A table written in one sentence: "các đại biểu đã bầu: ông A - Chủ tịch HĐND huyện; bà B - Phó
    Chủ tịch HĐND huyện; ông C - Chủ tịch UBND huyện." (each item a name, a dash, its post)."""
    colon = s.folded.find(":")
    if colon < 0 or ";" not in s.folded[colon:] and s.folded.count(" - ", colon) < 2:
        return
    head = Sentence(s.text[:colon + 1], s.folded[:colon + 1], s.paragraph)
    if not _ELECTING.search(head.folded) or _AGAIN.search(head.folded) or _NOMINEES.search(head.folded) \
            or not_done(head.folded, len(head.folded), ctx.published):
        # "HĐND xã sẽ bầu: ông A - Chủ tịch HĐND xã; ...": a plan; "Các ứng cử viên tại đơn vị bầu cử số 7
        # gồm: bà A, ...; ông B, ...": the candidates of a vote ("bầu cử" names it), no result.
        return
    verb = _ELECTING.search(head.folded)
    if _LIST_OF.search(head.folded) and post_list(head, _NUMBER.match(head.folded, verb.end()).end(), ctx):
        return  # "bầu 4 Phó Bí thư gồm: ông A, Chủ tịch UBND TP; ...": the head names the post, items their own
    row = ChangeReading([], [], s.text)
    for m in re.finditer(r"[^;]+", s.folded[colon + 1:]):
        a, b = colon + 1 + m.start(), colon + 1 + m.end()
        piece = Sentence(s.text[a:b], s.folded[a:b], s.paragraph)
        named = names_in(piece.text, piece.folded, ctx.places)
        if not named or piece.text[:named[0].start].strip(" .") not in ("", "ông", "bà", "đồng chí") \
                or _TARGET.match(piece.folded, named[0].end):
            continue  # not "name - post"; a "giữ chức" item is read with the sentence's verb
        sep = _DASH_AFTER_NAME.match(piece.folded, named[0].end)
        phrases = post_list(piece, sep.end(), ctx) if sep else []
        again = bool(_AGAIN.search(piece.folded))
        if phrases:
            record(piece, district, named[0].name, None, phrases[:1], "re_elected" if again else "elected",
                   None if again else "elected", row, _SURE_ROW)
    reading.changes.extend(row.changes)
    reading.mentions.extend(row.mentions)


_WON = v.compile_phrases(("trúng cử", "đắc cử"))


def _won_alone(s: Sentence, before: Sentence | None, ctx: ReadingContext, district: str | None,
               reading: ChangeReading) -> None:
    """"Kỳ họp bầu bổ sung chức danh Phó Chủ tịch UBND xã. Kết quả, bà A trúng cử với 100% phiếu": the
    result names the person, the election before it the post (in the same sentence or the one before)."""
    won = _WON.search(s.folded)
    if won is None or _AGAIN.search(s.folded) or post_list(s, _skip_to_post(s.folded, won.end()), ctx):
        return  # re-elected, or the post is named after the verb: the sentence's own reading has it
    named = [n for n in names_in(s.text, s.folded, ctx.places) if n.end <= won.start()]
    if not named or not_done(s.folded, won.start(), ctx.published):
        return
    subject = named[-1]
    head = Sentence(s.text[:subject.start], s.folded[:subject.start], s.paragraph)
    phrases, evidence = _elected_post(head, ctx), s.text
    if not phrases and before is not None and not not_done(before.folded, len(before.folded), ctx.published):
        phrases, evidence = _elected_post(before, ctx), f"{before.text} {s.text}"
    if phrases:
        row = ChangeReading([], [], evidence)
        record(s, district, subject.name, None, phrases, "elected", "elected", row, _SURE_ROW)
        reading.changes.extend(row.changes)
        reading.mentions.extend(row.mentions)


_COLON_OR_SPACE = re.compile(r"[\s:]*")


def _skip_to_post(folded: str, pos: int) -> int:
    """Where the post after a verb would begin: past "giữ chức", "chức danh", a colon or spaces."""
    marker = _TARGET.match(folded, pos)
    return marker.end() if marker else _COLON_OR_SPACE.match(folded, pos).end()


def read_results_tables(body: list[Sentence], ctx: ReadingContext, district: str | None) -> ChangeReading:
    """The elections every results table of an article announces."""
    reading = ChangeReading([], [])
    heading: Sentence | None = None
    planned = reading  # where the rows under the current heading go
    before: Sentence | None = None
    for s in body:
        if ":" in s.folded and not s.text.rstrip().endswith(":"):
            _inline_table(s, ctx, district, reading)
        _won_alone(s, before, ctx, district, reading)
        if heading is not None and (_BULLET.fullmatch(s.folded) or _row(s, heading, ctx, district, planned)):
            continue  # a row, or a bare "1." the sentence splitter cut from its row
        _nominations(planned, reading)
        # "HĐND xã bầu hai Phó Chủ tịch UBND xã. Kết quả bầu như sau:": the heading goes with the sentence before.
        heading = (Sentence(f"{before.text} {s.text}", f"{before.folded} {s.folded}", s.paragraph)
                   if before is not None and _is_heading(s) and not _elected_post(s, ctx) else s) \
            if _is_heading(s) else None
        # "HĐND phường sẽ bầu các chức danh như sau:", "dự kiến": rows of a plan, nominations, no election.
        # The line with the colon says so, not the sentence before it ("kỳ họp để bầu ... Kết quả như sau:").
        planned = ChangeReading([], []) if heading is not None and not_done(
            s.folded, len(s.folded), ctx.published) else reading
        before = s
    _nominations(planned, reading)
    return reading


def _nominations(planned: ChangeReading, reading: ChangeReading) -> None:
    """The rows read under a planned heading, given to ``reading`` as nominations without a change."""
    if planned is reading:
        return
    reading.mentions.extend((name, [replace(m, qualifier="nominated") for m in mentions])
                            for name, mentions in planned.mentions)
    planned.mentions.clear()
    planned.changes.clear()
