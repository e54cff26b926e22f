"""The canonical plain-text article: a tolerant reader and an exact writer.

Layout (SPEC "Canonical plain-text format")::

    <category, or an empty line>
    <empty line>
    <title>
    Ngày đăng DD/MM/YYYY | HH:MM | View count: N
    <empty line>
    <paragraph>
    <empty line>
    ...
    <last paragraph: the byline>

The reader also takes the text of a page as a reader copied it (the seeds):
doubled categories, no category, "View Count", dates without "Ngày đăng",
"DD/MM/YYYY - hh:mm PM", no-break spaces, and related-news or poll blocks
after the article, which it drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from storage.normalize import clean_line, fold
from storage.text_checks import BadTextError, check_clean_text


class ArticleFormatError(ValueError):
    """The input is not an article in the canonical format (or a page copy of one)."""

    kind = "format"


class BadArticleTextError(ArticleFormatError):
    """The text holds control characters or mojibake (storage.text_checks)."""

    def __init__(self, error: BadTextError) -> None:
        super().__init__(str(error))
        self.kind = error.kind


@dataclass(frozen=True)
class CanonicalArticle:
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    category: str | None = None
    views: int | None = None

    @property
    def byline(self) -> str | None:
        n = _byline_length(self.paragraphs)
        return " ".join(self.paragraphs[-n:]) if n else None

    @property
    def body_paragraphs(self) -> tuple[str, ...]:
        """The paragraphs without the byline."""
        n = _byline_length(self.paragraphs)
        return self.paragraphs[:-n] if n else self.paragraphs

    @property
    def body(self) -> str:
        return "\n\n".join(self.body_paragraphs)

    @property
    def published_iso(self) -> str:
        return self.published.strftime("%Y-%m-%dT%H:%M")

    def with_paragraphs(self, paragraphs: tuple[str, ...]) -> CanonicalArticle:
        return replace(self, paragraphs=paragraphs)


# A byline is short and is not a sentence of the story: "Thanh Hồng – Trung tâm
# VH-TT&TT", "(VP HĐND&UBND quận)", "Ủy ban MTTQ Việt Nam quận Cầu Giấy".
_BYLINE_MAX_CHARS = 90


# "Tin: Vân Anh" above "(VP HĐND&UBND quận)": a credit line over its source.
_CREDIT_LINE = re.compile(r"^(tin|bài|ảnh|tin và ảnh|tin, ảnh|bài, ảnh|bài và ảnh)\s*:", re.I)


def _looks_like_byline(paragraph: str) -> bool:
    return len(paragraph) <= _BYLINE_MAX_CHARS and not paragraph.endswith((".", ":", ";", "?", "!"))


def _byline_length(paragraphs: tuple[str, ...]) -> int:
    """How many trailing paragraphs form the byline (0, 1 or 2)."""
    if len(paragraphs) < 2 or not _looks_like_byline(paragraphs[-1]):
        return 0
    last, before = paragraphs[-1], paragraphs[-2]
    if (len(paragraphs) > 2 and last.startswith("(") and last.endswith(")")
            and _CREDIT_LINE.match(before) and _looks_like_byline(before)):
        return 2
    return 1


# --- writer -------------------------------------------------------------------


def format_date_line(published: datetime, views: int | None) -> str:
    line = f"Ngày đăng {published:%d/%m/%Y} | {published:%H:%M}"
    return line if views is None else f"{line} | View count: {views}"


def format_article(article: CanonicalArticle) -> str:
    """The canonical text of an article, byte for byte."""
    if not article.paragraphs:
        raise ArticleFormatError("an article needs at least one paragraph")
    header = [article.category or "", "", article.title,
              format_date_line(article.published, article.views), ""]
    return "\n".join(header) + "\n" + "\n\n".join(article.paragraphs) + "\n"


# --- reader -------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^(?:ngày\s+đăng\s*:?\s*)?"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"\s*[|,\-–]?\s*"
    r"(?P<H>\d{1,2})(?::|h)(?P<M>\d{2})"
    r"(?:\s*(?P<ampm>[AaPp][Mm]|SA|CH))?"
    r"(?:\s*\|?\s*(?:view\s*count|lượt\s*xem)\s*:?\s*(?P<views>\d[\d.,]*))?"
    r"\s*\|?\s*$",
    re.IGNORECASE,
)
# How far into the page the date line may stand: category, title (maybe
# wrapped over two lines) and a little noise.
_HEADER_MAX_LINES = 6

# Blocks that portals print after the article. Everything from the first of
# them on is navigation, related news or a poll, not the article.
_TRAILER_MARKERS = frozenset(fold(m) for m in (
    "Các tin tức khác", "Tin tức khác", "Các tin khác", "Tin khác", "Danh mục tin tức",
    "Tin liên quan", "Tin cùng chuyên mục", "Bài viết liên quan", "Bình chọn",
    "Ý kiến bạn đọc", "Gửi ý kiến", "Chia sẻ", "In bài", "Xem thêm",
))
_POLL_QUESTION = re.compile(r"^theo bạn\b.*\?$", re.IGNORECASE)


def _undouble(line: str) -> str:
    """"X X" -> "X": some portals print the category label twice."""
    words = line.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return line


# No line longer than this folds to a marker (a marker printed twice, with room for
# spaces): a body line, nearly every line, is not folded at all (~1 ms an article).
_TRAILER_MAX_CHARS = 2 * max(map(len, _TRAILER_MARKERS)) + 16


def _is_trailer(line: str) -> bool:
    if _POLL_QUESTION.match(line):
        return True
    return len(line) <= _TRAILER_MAX_CHARS and fold(_undouble(line)) in _TRAILER_MARKERS


def parse_date_line(line: str) -> tuple[datetime, int | None] | None:
    """The publication time and view count of a date line, or None if it is not one."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    hour, minute = int(m["H"]), int(m["M"])
    ampm = (m["ampm"] or "").upper()
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm in ("PM", "CH") and hour != 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    try:
        published = datetime(int(m["y"]), int(m["m"]), int(m["d"]), hour, minute)
    except ValueError:
        return None
    views = int(re.sub(r"[.,]", "", m["views"])) if m["views"] else None
    return published, views


def parse_article(text: str) -> CanonicalArticle:
    """Reads a canonical article, or the text of a portal page, into its parts.

    Raises ArticleFormatError with a sentence fragment saying what is wrong.
    """
    if not text.strip():
        raise ArticleFormatError("is empty")
    try:
        check_clean_text(text)
    except BadTextError as exc:
        raise BadArticleTextError(exc) from None
    lines = [clean_line(raw) for raw in text.splitlines()]
    if "<" in text[:512] and re.search(r"<\s*(!doctype|html|head|body|div|p)\b", text[:4096], re.I):
        raise ArticleFormatError("is HTML, not a canonical article")

    nonblank = [(i, line) for i, line in enumerate(lines) if line]
    date_at = None
    for position, (i, line) in enumerate(nonblank[:_HEADER_MAX_LINES]):
        parsed = parse_date_line(line)
        if parsed:
            date_at = position
            break
    if date_at is None:
        raise ArticleFormatError("has no date line ('Ngày đăng DD/MM/YYYY | HH:MM') in its header")
    published, views = parsed
    header = [line for _, line in nonblank[:date_at]]
    if not header:
        raise ArticleFormatError("has no title before its date line")
    category = _undouble(header[0]) if len(header) > 1 else None
    title = " ".join(header[1:] if len(header) > 1 else header)

    paragraphs: list[str] = []
    for _, line in nonblank[date_at + 1:]:
        if _is_trailer(line):
            break
        paragraphs.append(line)
    if not paragraphs:
        raise ArticleFormatError("has a header but no body")
    return CanonicalArticle(title=title, published=published, paragraphs=tuple(paragraphs),
                            category=category, views=views)


def decode_article_bytes(data: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), else Windows-1258."""
    if b"\x00" in data[:8192]:
        raise ArticleFormatError("is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError("is neither UTF-8 nor Windows-1258 text") from exc
    # Control characters other than line ends mean this was never text.
    if sum(ch < " " and ch not in "\r\n\t\f" for ch in text[:8192]) > 8:
        raise ArticleFormatError("is binary, not text")
    return text


def read_article_file(path: str | Path) -> CanonicalArticle:
    return parse_article(decode_article_bytes(Path(path).read_bytes()))
