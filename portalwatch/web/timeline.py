"""A post's holders over time as inline SVG, drawn on the server.

One lane of bars, a holder's first to last sighting each; a marker at each
change of holder; a second lane, apart, for people seen as former, acting,
in-charge or nominated holders (they hold no post, so they are never bars).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from portalwatch.web.labels import QUALIFIERS

WIDTH, LEFT, RIGHT = 760, 12, 12
BAR_Y, BAR_H, LABEL_ROW = 34, 18, 13
LABEL_ROWS = 3
SIDE_Y = BAR_Y + BAR_H + 14 + LABEL_ROWS * LABEL_ROW
HEIGHT, HEIGHT_WITH_SIDE = SIDE_Y - 6, SIDE_Y + 26
MIN_BAR = 6.0
CHAR_WIDTH = 7.4  # of a 12px system sans-serif, a little over, to keep names apart


@dataclass(frozen=True)
class Bar:
    name: str
    start: date
    end: date
    href: str


@dataclass(frozen=True)
class ChangePoint:
    at: date
    old: str | None
    new: str


@dataclass(frozen=True)
class SideMark:
    at: date
    name: str
    qualifier: str
    href: str


@dataclass(frozen=True)
class Span:
    start: date
    end: date

    @classmethod
    def around(cls, dates: list[date]) -> Span:
        first, last = min(dates), max(dates)
        pad = max(timedelta(days=30), (last - first) / 20)
        return cls(first - pad, last + pad)

    def x(self, day: date) -> float:
        days = max((self.end - self.start).days, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.start).days / days


def _ticks(span: Span) -> list[Markup]:
    years = range(span.start.year + 1, span.end.year + 1)
    step = max(1, len(years) // 8)
    out = []
    for year in list(years)[::step]:
        x = span.x(date(year, 1, 1))
        out.append(Markup('<line class="tick" x1="{0:.1f}" x2="{0:.1f}" y1="14" y2="{1}"/>'
                          '<text class="year" x="{0:.1f}" y="11">{2}</text>').format(x, BAR_Y + BAR_H + 4, year))
    return out


def label_rows(bars: list[Bar], span: Span) -> list[int]:
    """For each bar, the row of its name: the first row whose last name ends
    before this one starts, so short tenures' names do not print over each other."""
    ends = [float("-inf")] * LABEL_ROWS
    rows = []
    for bar in bars:
        x = span.x(bar.start)
        row = next((r for r, end in enumerate(ends) if end < x), min(range(LABEL_ROWS), key=ends.__getitem__))
        ends[row] = x + CHAR_WIDTH * len(bar.name) + 8
        rows.append(row)
    return rows


def _bar(bar: Bar, span: Span, index: int, row: int) -> Markup:
    x1 = span.x(bar.start)
    width = max(span.x(bar.end) - x1, MIN_BAR)
    label_y = BAR_Y + BAR_H + 14 + row * LABEL_ROW
    period = f"{bar.start:%d/%m/%Y} – {bar.end:%d/%m/%Y}"
    return Markup('<a href="{href}"><g class="holder holder-{cls}"><title>{name}: {period}</title>'
                  '<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" rx="3"/>'
                  '<text class="name" x="{x:.1f}" y="{ly}">{name}</text></g></a>').format(
        href=bar.href, cls=index % 4, name=bar.name, period=period, x=x1, y=BAR_Y, w=width, h=BAR_H, ly=label_y)


def _change(change: ChangePoint, span: Span) -> Markup:
    x = span.x(change.at)
    what = f"{change.old} → {change.new}" if change.old else f"{change.new} (được bầu/bổ nhiệm)"
    return Markup('<g class="change"><title>Thay đổi {at:%d/%m/%Y}: {what}</title>'
                  '<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}"/>'
                  '<path d="M{x:.1f} {top} l-5 -7 h10 z"/></g>').format(
        at=change.at, what=what, x=x, top=BAR_Y - 2, bottom=BAR_Y + BAR_H + 2)


def _side(mark: SideMark, span: Span) -> Markup:
    x = span.x(mark.at)
    qualifier = QUALIFIERS.get(mark.qualifier, mark.qualifier)
    return Markup('<a href="{href}"><g class="side side-{q}"><title>{qual} – {name} ({at:%d/%m/%Y})</title>'
                  '<path d="M{x:.1f} {top} l5 6 l-5 6 l-5 -6 z"/></g></a>').format(
        href=mark.href, q=mark.qualifier, qual=qualifier, name=mark.name, at=mark.at, x=x, top=SIDE_Y - 6)


def timeline_svg(label: str, bars: list[Bar], changes: list[ChangePoint], side: list[SideMark],
                 span: Span) -> Markup:
    """The SVG of one post; ``span`` is shared by the posts of a place so they line up."""
    height = HEIGHT_WITH_SIDE if side else HEIGHT
    parts = [Markup('<svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
                    'width="{w}" height="{h}" aria-label="{label}"><title>{label}</title>').format(
        w=WIDTH, h=height, label=label)]
    parts += _ticks(span)
    parts += [_bar(bar, span, i, row) for i, (bar, row) in enumerate(zip(bars, label_rows(bars, span)))]
    parts += [_change(change, span) for change in changes]
    if side:
        parts.append(Markup('<text class="lane" x="{}" y="{}">nguyên / quyền / phụ trách</text>').format(
            LEFT, SIDE_Y + 18))
        parts.append(Markup('<line class="lane-line" x1="{}" x2="{}" y1="{y}" y2="{y}"/>').format(
            LEFT, WIDTH - RIGHT, y=SIDE_Y))
        parts += [_side(mark, span) for mark in side]
    parts.append(Markup("</svg>"))
    return Markup("").join(escape(p) for p in parts)
