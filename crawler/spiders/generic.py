"""The spider for a portal nobody configured: name, url and district are enough.

It reads pages the way a visitor does. Category lists are the short links of
the page's menus; on a list page, article links are the long ones (a headline
is a sentence, a menu entry is a word or two) outside menus, sidebars and
footers, dated by the DD/MM/YYYY printed next to them; the next page is the
pager link saying "Tiếp", "Trang sau", "»" or the next number. Articles are
read by the generic main-content extractor (crawler.extract.generic).

Some portals (the post-2025 hanoi.gov.vn platform among them) print no list at
all: a category page holds an empty box and a "Xem thêm" button, and the
browser's script fills the box from a list API, page after page. Such a box
says what the script needs in its data-* attributes (the endpoint, a page
number, the other parameters); the spider calls the endpoint the way the
script does (see ``LoadMore``) and pages it like any list: until a page is
empty, repeats an earlier one, or holds only known articles.

Menus are not the only way in: the sitemaps robots.txt names (or /sitemap.xml)
and the RSS/Atom feeds the home page advertises are read as lists too
(crawler.discovery). A pager without a "next" link is followed by its next
number, and an ASP.NET pager of ``__doPostBack`` links by posting the page's
form back. What a list says of an article (link text, printed date) goes to
the reader as hints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree
from scrapy import signals
from scrapy.http import FormRequest, Request, Response, TextResponse

from crawler.discovery import Announced, feed_links, iter_sitemap_urls, postback_of, read_feed, read_sitemap
from crawler.extract.furniture import holders_of_main_content, strip_furniture, text_stats
from crawler.extract.text import element_text, parse_html
from crawler.spiders.base import ListEntry, PortalSpider, first_date
from storage.normalize import clean_line

_MENU_WORDS = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|main-menu|menubar)(?:$|[-_])", re.I)
_MAX_MENU_WORDS = 6
_MIN_HEADLINE_WORDS = 5
# Compared lower-cased, not folded: folding makes "«" and "»" the same quote.
_NEXT_LABELS = frozenset(w.lower() for w in (
    "Tiếp", "Tiếp theo", "Trang sau", "Trang tiếp", "Sau", "»", "›", ">", ">>", "Next"))
_NON_PAGE = re.compile(r"^(?:javascript:|mailto:|tel:|#)", re.I)
_FILES = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|mp4|mp3)(?:$|\?)", re.I)
# A date near a headline: in its list item, a few levels up at most.
_DATE_SEARCH_LEVELS = 3
_PRINTED_DATE_CHARS = 60  # a date line beside a headline, not a paragraph that holds a date

# A load-more box: an endpoint attribute and a page-number attribute on one element.
# The page number is what tells it from a share button's data-url.
_ENDPOINT_ATTRS = ("data-api", "data-url", "data-ajax-url", "data-source", "data-endpoint", "data-load-url",
                   "data-href", "data-ajax")
_PAGE_ATTR = re.compile(r"^data-(?:current-)?page(?:-?(?:index|number|num|no))?$", re.I)
# Attributes that style or label the box rather than parameterise the call.
_NOT_PARAMS = re.compile(r"^data-(?:role|toggle|target|bs-[\w-]+|original-title|placement|loading|loaded)$", re.I)
# How inline scripts name a parameter read from the box: `Catname: box.getAttribute('data-catname')`,
# `Catname: $box.data('catname')`, `Catname: box.dataset.catname`.
_SCRIPT_PARAM = re.compile(
    r"""['"]?([A-Za-z_][\w]*)['"]?\s*:\s*[^,;:{}]{0,80}?(?:getAttribute\(\s*['"]data-([\w-]+)['"]"""
    r"""|\.data\(\s*['"]([\w-]+)['"]|\.dataset\.(\w+))""")
_SCRIPT_POST = re.compile(r"""(?:method|type)\s*:\s*['"]post['"]|\$\.post\(|\.post\(""", re.I)
# An API that ignores the page number would answer the same page for ever.
_MAX_LOAD_MORE_PAGES = 500


def _menu_like(element: etree._Element) -> bool:
    if element.tag in ("nav", "menu") or (element.get("role") or "") in ("navigation", "menubar"):
        return True
    words = (element.get("class") or "").split() + ([element.get("id")] if element.get("id") else [])
    return any(_MENU_WORDS.search(w) for w in words)


def _camel(name: str) -> str:
    """dataset's spelling of an attribute: page-size -> pageSize."""
    head, *rest = name.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _pascal(name: str) -> str:
    """The ASP.NET spelling of a parameter when no script names it: page-size -> PageSize."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-") if part)


@dataclass(frozen=True)
class LoadMore:
    """A list API as a category page's script calls it."""

    url: str
    method: str  # GET | POST
    page_field: str
    first_page: int
    params: tuple[tuple[str, str], ...] = field(default=())

    def request(self, page: int, **kwargs: Any) -> Request:
        form = {self.page_field: str(page), **dict(self.params)}
        # Sent by jQuery and by the portals' own scripts; some endpoints refuse calls without it.
        headers = {"X-Requested-With": "XMLHttpRequest"}
        if self.method == "POST":
            return FormRequest(self.url, formdata=form, headers=headers, **kwargs)
        return FormRequest(self.url, method="GET", formdata=form, headers=headers, **kwargs)


def find_load_more(response: TextResponse, root: etree._Element) -> LoadMore | None:
    """The load-more list API a page's box and script describe, if any."""
    inline = [s.text or "" for s in root.iter("script") if not s.get("src")]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        attrs = {k.lower(): v for k, v in element.attrib.items() if k.lower().startswith("data-")}
        endpoint = next((attrs[a] for a in _ENDPOINT_ATTRS if (attrs.get(a) or "").strip()), None)
        page_attr = next((a for a in attrs if _PAGE_ATTR.match(a)), None)
        if endpoint is None or page_attr is None or _NON_PAGE.match(endpoint.strip()):
            continue
        endpoint_attr = next(a for a in _ENDPOINT_ATTRS if attrs.get(a) == endpoint)
        # The scripts that call this box's endpoint, when some say so; a poll's or a
        # search box's script elsewhere on the page must not decide how it is called.
        marks = (endpoint.strip(), endpoint_attr, f"'{endpoint_attr[5:]}'", f'"{endpoint_attr[5:]}"',
                 f".{_camel(endpoint_attr[5:])}")
        scripts = "\n".join([t for t in inline if any(m in t for m in marks)] or inline)
        named = _script_names(scripts)
        params = []
        for attr, value in attrs.items():
            if attr in (endpoint_attr, page_attr) or _NOT_PARAMS.match(attr):
                continue
            name = attr[len("data-"):]
            if named and name not in named:
                continue  # the script reads the box but not this: not a parameter
            params.append((named.get(name) or _pascal(name), value))
        page_name = attr_name = page_attr[len("data-"):]
        try:
            first_page = int(attrs[page_attr] or 0)
        except ValueError:
            first_page = 0
        method = "POST" if _SCRIPT_POST.search(scripts) else "GET"
        return LoadMore(response.urljoin(endpoint.strip()), method, named.get(attr_name) or _pascal(page_name),
                        first_page, tuple(params))
    return None


def _script_names(scripts: str) -> dict[str, str]:
    """Attribute name (without data-) -> the parameter name the script sends it as."""
    names: dict[str, str] = {}
    for m in _SCRIPT_PARAM.finditer(scripts):
        key, attr = m[1], m[2] or m[3]
        if attr is None and m[4]:
            attr = re.sub(r"[A-Z]", lambda c: "-" + c[0].lower(), m[4])
        if attr and attr.lower() not in names:
            names[attr.lower()] = key
    return names


def _fragment(response: TextResponse) -> str:
    """The HTML a list API answered: the body itself, or the HTML strings of a JSON answer."""
    body = response.text
    if body.lstrip()[:1] not in ("{", "["):
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and "<a" in value:
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return "\n".join(found)


class GenericSpider(PortalSpider):
    name = "generic"
    platform = "generic"

    def _links(self, response: TextResponse, root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        for anchor in root.iter("a"):
            href = (anchor.get("href") or "").strip()
            if not href or _NON_PAGE.match(href) or _FILES.search(href) or anchor.get("rel") == "nofollow":
                continue
            url = self.canonical_url(response.urljoin(href))
            if self.on_site(url):
                yield anchor, url

    def category_requests(self, response: TextResponse) -> Iterator[Request]:
        root = parse_html(response.text)
        home = self.canonical_url(response.url)
        seen = {home, self.canonical_url(self.site.url)}
        for anchor, url in self._links(response, root):
            words = len(element_text(anchor).split())
            if url in seen or not 0 < words <= _MAX_MENU_WORDS or self.excluded(url):
                continue
            if not any(_menu_like(a) for a in anchor.iterancestors()):
                continue
            seen.add(url)
            self.list_pages.add(url)
            yield self.page_request(url, self.parse_category)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> GenericSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_robots_parsed, signal=signals.robots_parsed)
        return spider

    def on_robots_parsed(self, robotparser: Any, **_: Any) -> None:
        # The robots middleware reads robots.txt before the home page goes out: its
        # Sitemap: lines are known when parse_home runs, without fetching it twice.
        self.robots_sitemaps.extend(u for u in iter_sitemap_urls(robotparser) if u not in self.robots_sitemaps)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.robots_sitemaps: list[str] = []
        # Category pages: a list's own heading links to them in words long enough
        # for a headline ("Hoạt động HĐND - UBND"), and they are never articles.
        self.list_pages: set[str] = {self.canonical_url(u) for u in (self.site.url, *self.site.start_urls)}

    def parse_home(self, response: Response) -> Iterator[Any]:
        yield from super().parse_home(response)
        if isinstance(response, TextResponse) and not self.budget_spent:
            yield from self.discovery_requests(response)

    def discovery_requests(self, response: TextResponse) -> Iterator[Request]:
        """The sitemaps robots.txt names (else /sitemap.xml) and the feeds the home page advertises."""
        for url in self.robots_sitemaps or [response.urljoin("/sitemap.xml")]:
            if self.on_site(url):
                yield self.page_request(url, self.parse_sitemap)
        for href in feed_links(parse_html(response.text)):
            url = response.urljoin(href)
            if self.on_site(url):
                yield self.page_request(url, self.parse_feed)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        self.count("pages")
        children, entries = read_sitemap(response.body)
        self.count("sitemaps")
        for url in children:
            if self.on_site(url):
                yield self.page_request(url, self.parse_sitemap)
        yield from self.follow_entries(self.announced_entries(entries))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        self.count("pages")
        self.count("feeds")
        yield from self.follow_entries(self.announced_entries(read_feed(response.body)))

    def announced_entries(self, announced: list[Announced]) -> list[ListEntry]:
        entries = []
        for item in announced:
            url = self.canonical_url(item.url)
            if self.on_site(url) and url not in self.list_pages and not self.excluded(url):
                # A sitemap's lastmod is the last edit, not the publication: no date hint.
                printed = item.published.isoformat() if item.published and not item.modified else None
                entries.append(ListEntry(url, item.published.date() if item.published else None, item.title,
                                         printed))
        return entries

    def parse_category(self, response: Response) -> Iterator[Any]:
        yield from self.parse_list(response)
        if not isinstance(response, TextResponse) or self.budget_spent:
            return
        api = find_load_more(response, parse_html(response.text))
        if api is not None:
            self.count("load_more_lists")
            yield self.load_more_request(api, api.first_page, seen=set())

    def load_more_request(self, api: LoadMore, page: int, seen: set[str]) -> Request:
        # ``seen``: the walk's URLs so far, shared along it (its pages come one after another).
        return api.request(page, callback=self.parse_list, errback=self.on_error,
                           meta={"discovery": True, "load_more": (api, page, seen)})

    def list_entries(self, response: TextResponse) -> list[ListEntry]:
        load_more = response.meta.get("load_more")
        root = parse_html(_fragment(response) if load_more else response.text)
        stats = text_stats(root)
        strip_furniture(root, stats, holders_of_main_content(root, stats) | _headline_holders(root))
        own = self.list_pages | {self.canonical_url(response.url)}
        entries: dict[str, ListEntry] = {}
        for anchor, url in self._links(response, root):
            label = element_text(anchor) or (anchor.get("title") or "")
            if len(label.split()) < _MIN_HEADLINE_WORDS or url in own:
                continue
            if url in entries and entries[url].published is not None:
                continue
            # A sidebar may name an article before the list does; the list's entry has its date.
            published, printed = self._date_near(anchor)
            if url not in entries or published is not None:
                entries[url] = ListEntry(url, published, clean_line(label), printed)
        return list(entries.values())

    @staticmethod
    def _date_near(anchor: etree._Element) -> tuple[date | None, str | None]:
        """The date printed nearest a headline, and that date's line as printed."""
        label = element_text(anchor)
        scope = anchor
        for level in range(_DATE_SEARCH_LEVELS + 1):
            found = first_date(element_text(scope))
            if found:
                return found, _printed_line(scope, label)
            if scope.getparent() is None or level == _DATE_SEARCH_LEVELS:
                return None, None
            scope = scope.getparent()
        return None, None

    def next_list_requests(self, response: TextResponse, entries: list[ListEntry]) -> Iterator[Request]:
        request = next(iter(self._next_page(response, entries)), None)
        if request is None and "load_more" not in response.meta:
            request = self._next_numbered_page(response)
        if request is not None:
            yield request

    def _next_numbered_page(self, response: TextResponse) -> Request | None:
        """A pager of numbers only: the link to the page after this one, or its postback."""
        number = response.meta.get("list_page", 1) + 1
        meta = {"list_page": number}
        root = parse_html(response.text)
        for anchor in root.iter("a"):
            if element_text(anchor) != str(number):
                continue
            href = (anchor.get("href") or "").strip()
            postback = postback_of(href)
            if postback is not None:
                return self.postback_request(response, anchor, *postback, meta=meta)
            url = self.canonical_url(response.urljoin(href)) if href and not _NON_PAGE.match(href) else None
            if url and self.on_site(url) and url != self.canonical_url(response.url):
                return self.page_request(url, self.parse_list, meta=meta)
        return None

    def postback_request(self, response: TextResponse, anchor: etree._Element, target: str, argument: str,
                         meta: dict[str, Any]) -> Request:
        """What the browser sends for a __doPostBack link: the link's form (or the page's view-state
        form), its hidden fields with the event, posted to the form's action."""
        root = anchor.getroottree().getroot()
        form = next(anchor.iterancestors("form"), None)
        if form is None:
            form = next(iter(root.xpath("//form[.//input[@name='__VIEWSTATE']]")), None)
        fields = {} if form is None else {
            field.get("name"): field.get("value") or "" for field in form.iter("input")
            if field.get("name") and (field.get("type") or "").lower() == "hidden"}
        fields.update({"__EVENTTARGET": target, "__EVENTARGUMENT": argument})
        action = response.urljoin((form.get("action") or "").strip() if form is not None else "") or response.url
        return FormRequest(action, formdata=fields, callback=self.parse_list, errback=self.on_error,
                           meta={"discovery": True, **meta})

    def _next_page(self, response: TextResponse, entries: list[ListEntry]) -> Iterator[Request]:
        if "load_more" in response.meta:
            api, page, seen = response.meta["load_more"]
            urls = {e.url for e in entries}
            if urls and not urls <= seen and page - api.first_page < _MAX_LOAD_MORE_PAGES:
                seen |= urls
                yield self.load_more_request(api, page + 1, seen)
            return
        root = parse_html(response.text)
        for anchor, url in self._links(response, root):
            if url == self.canonical_url(response.url):
                continue
            labels = {clean_line(v).lower() for v in (element_text(anchor), anchor.get("aria-label") or "",
                                                      anchor.get("title") or "")}
            classes = " ".join((el.get("class") or "") for el in (anchor, anchor.getparent()) if el is not None)
            if labels & _NEXT_LABELS or anchor.get("rel") == "next" or re.search(r"\bnext\b", classes):
                if "disabled" not in classes:
                    yield self.page_request(url, self.parse_list,
                                            meta={"list_page": response.meta.get("list_page", 1) + 1})
                    return


def _headline_holders(root: etree._Element) -> set[etree._Element]:
    """Headings that hold a headline link, and their ancestors: a list's items, which
    some themes wrap in furniture-like classes (Joomla's ``page-header`` around each item)."""
    keep: set[etree._Element] = set()
    for heading in root.iter("h1", "h2", "h3", "h4"):
        if any(len(element_text(a).split()) >= _MIN_HEADLINE_WORDS for a in heading.iter("a")):
            keep.add(heading)
            keep.update(heading.iterancestors())
    return keep


def _printed_line(scope: etree._Element, label: str) -> str | None:
    """The text beside a headline that holds its date, without the headline."""
    text = clean_line(element_text(scope).replace(label, " ", 1))
    if len(text) <= _PRINTED_DATE_CHARS:
        return text or None
    for element in scope.iter():
        line = element_text(element) if isinstance(element.tag, str) else ""
        if line and line != label and len(line) <= _PRINTED_DATE_CHARS and first_date(line):
            return line
    return None
