"""Main-content extraction for a portal nobody configured.

What a reader does, in order: let trafilatura and htmldate read the page as it
is (they work on copies), note what the metadata says (titles, dates); ignore
the page furniture (menus, sidebars, share buttons, polls, related news,
footers) but never what holds the article; pick the title by agreement
(titles.py), the date printed nearest to it and the other evidence by vote
(published.py); the block holding most of the running text is the body,
trimmed to what trafilatura agrees with (agreement.py); the category is the
section the page names (category.py), the view count the one printed with
the date. The pieces are then put together as a page copy and read by the
canonical reader, which also cuts trailing "Các tin tức khác" / "Bình chọn"
blocks and undoubles a doubled category.
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from crawler.extract import text
from crawler.extract.agreement import agreed_lines, link_texts, trafilatura_lines
from crawler.extract.base import Extraction, PageHints
from crawler.extract.category import breadcrumb_steps, heading_above, marked_sections, metadata_section, section_nearest
from crawler.extract.content import main_block, text_stats
from crawler.extract.furniture import holder_of, holders_of_main_content, section_names, strip_furniture
from crawler.extract.published import (DateEvidence, date_line_dates, first_article_date, htmldate_guess, metadata_dates, nearest_printed,
                                       pick_published, printed_on_page, url_evidence, views_near, with_printed_time)
from crawler.extract.titles import MAX_TITLE_CHARS, MIN_TITLE_CHARS, evidence_titles, is_heading, pick_title
from storage.canonical import ArticleFormatError, format_date_line, parse_article
from storage.normalize import fold

def _layout_title(root: etree._Element, date_el: etree._Element | None) -> etree._Element | None:
    """The heading just above the first printed date: where the layout puts the title."""
    if date_el is None:
        return None
    best = None
    holders = set(date_el.iterancestors())
    for element in root.iter():
        if element is date_el:
            break
        if isinstance(element.tag, str) and element not in holders and is_heading(element) \
                and MIN_TITLE_CHARS <= len(text.element_text(element)) <= MAX_TITLE_CHARS:
            if best is None or element not in best.iterancestors():
                best = element
    return best


def _headings(root: etree._Element) -> list[etree._Element]:
    """Headings that may be the title: the innermost of nested ones."""
    found = [el for el in root.iter() if isinstance(el.tag, str) and is_heading(el)]
    inside = {ancestor for el in found for ancestor in el.iterancestors()}
    return [el for el in found if el not in inside or el.tag == "h1"]


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors_of_a = [a, *a.iterancestors()]
    for candidate in [b, *b.iterancestors()]:
        if candidate in ancestors_of_a:
            return candidate
    return ancestors_of_a[-1]


def _without_leading_date_lines(lines: list[str]) -> list[str]:
    """The body without the date lines above it (the date block shares the title's container)."""
    start = 0
    while start < len(lines) and date_line_dates(lines[start]):
        start += 1
    return lines[start:]


def _date_evidence(root: etree._Element, hints: PageHints) -> list[DateEvidence]:
    """Every date but the printed ones: metadata, htmldate, the list page's, the URL's."""
    found = metadata_dates(root) + url_evidence(hints.url)
    guess = htmldate_guess(root, hints.url)
    if guess is not None:
        found.append(guess)
    value = hints.published
    if isinstance(value, datetime):
        found.append(DateEvidence("list", value, bool(value.hour or value.minute)))
    elif isinstance(value, date):
        found.append(DateEvidence("list", datetime(value.year, value.month, value.day), False))
    return found


def extract_generic(root: etree._Element, hints: PageHints | None = None) -> Extraction:
    hints = hints or PageHints()
    # Evidence read from the page as served, before anything is removed.
    theirs = trafilatura_lines(root)
    date_evidence = _date_evidence(root, hints)
    title_evidence = evidence_titles(root, hints.title)
    crumbs = breadcrumb_steps(root)  # breadcrumbs are furniture, but name the category
    section_in_metadata = metadata_section(root)
    marked = marked_sections(root)
    # Places before furniture removal, which may take the marked links' bar.
    served_order = {el: i for i, el in enumerate(root.iter())} if marked else {}
    sections = section_names(root)
    stats = text_stats(root)
    longest = max(theirs, key=len, default="")
    strip_furniture(root, stats, holders_of_main_content(root, stats, holder_of(root, stats, longest)))

    printed = printed_on_page(root, stats)
    title_el, title = pick_title(_headings(root), title_evidence,
                                 _layout_title(root, first_article_date(printed, sections)))
    body_el = main_block(root, stats)
    anchor = title_el if title_el is not None else body_el
    order = {el: i for i, el in enumerate(root.iter())} if anchor is not None else {}
    near = nearest_printed(printed, order.get(anchor), sections | {fold(title)})
    if near is not None:
        kind = "printed-above" if near.index < order.get(anchor, 0) else "printed"
        date_evidence.append(DateEvidence(kind, near.date.when, near.date.has_time))
    published = pick_published(date_evidence)
    if published is not None:
        published = with_printed_time(published, date_evidence, printed, sections | {fold(title)})
    date_el = near.element if near is not None and published and near.date.when.date() == published.date() else None
    views = views_near(date_el) if date_el is not None else None

    category = (next((step for step in reversed(crumbs) if step != title), None)
                or section_nearest(marked, served_order, title_el, title) or section_in_metadata
                or (heading_above(title_el) if title_el is not None else None))
    missing = [name for name, value in (("title", title), ("date", published), ("body", body_el))
               if value is None or value == ""]
    if missing:
        return Extraction(None, tuple(missing))
    assert body_el is not None and published is not None
    container = _common_ancestor(title_el, body_el) if title_el is not None else body_el
    if date_el is not None:
        _drop_metadata_block(date_el, container)
    lines = text.element_lines(container)
    ours = _without_leading_date_lines(lines[lines.index(title) + 1:] if title in lines else lines)
    body = agreed_lines(ours, [line for line in theirs if line != title], link_texts(container))
    page_copy = "\n".join([category or "", "", title, format_date_line(published, views), "", *body])
    try:
        return Extraction(parse_article(page_copy))
    except ArticleFormatError:
        return Extraction(None, ("body",))


def _drop_metadata_block(date_el: etree._Element, container: etree._Element) -> None:
    """Removes the line the date stands on ("28/08/2026 15:28" + the source's name)."""
    block = date_el
    while (block.getparent() is not None and block is not container
           and not (isinstance(block.tag, str) and block.tag.lower() in text.BLOCK_TAGS)):
        block = block.getparent()
    if block is not container and block.getparent() is not None:
        block.drop_tree()
