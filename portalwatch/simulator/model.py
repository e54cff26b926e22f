"""What the simulator serves: sites, categories and articles, and their truth.

An article keeps its text *as the portal prints it* (no-break spaces, leading
indentation, doubled labels) in ``blocks``; its truth is the canonical text a
correct extractor must produce, derived here once so every platform renderer
and every test agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Literal

from storage.canonical import CanonicalArticle, format_article
from storage.normalize import clean_line

# Portals publish in Hanoi local time; HTTP dates and JSON-LD need the offset.
HANOI_TZ = timezone(timedelta(hours=7))

BlockKind = Literal["p", "caption", "byline", "blank"]


@dataclass(frozen=True)
class Block:
    """One paragraph-level element of an article body, text as printed."""

    kind: BlockKind
    text: str = ""


@dataclass(frozen=True)
class Category:
    slug: str
    name: str


@dataclass(frozen=True)
class SiteSpec:
    """A simulated portal: its platform and the platform's per-site quirks."""

    name: str
    district: str
    platform: str
    title: str
    real_host: str
    categories: tuple[Category, ...]
    # Liferay: "Ngày đăng " on Thanh Trì, nothing on Hoàn Kiếm; "View count" vs "View Count".
    date_prefix: str = "Ngày đăng "
    views_label: str = "View count"
    # Hoàn Kiếm's theme prints the category label twice (title + accessible copy).
    double_category: bool = False
    # hanoi.gov.vn: article ids start with a per-site number.
    id_prefix: str = ""
    place_kind: str = "quận"  # "huyện", "quận" or "phường": how articles name the place
    page_size: int = 10
    # What the platform's article pages print besides title, date and body (set from the platform).
    shows_category: bool = True
    shows_views: bool = False
    # The platform prints a lead (sapo) above the body: generated articles get one.
    has_lead: bool = False
    # Page variations that trouble readers, by name (see platforms/themed.py).
    quirks: tuple[str, ...] = ()

    def category(self, slug: str) -> Category:
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(f"site {self.name} has no category {slug!r}")


@dataclass(frozen=True)
class SimArticle:
    site: str
    category: str  # category slug
    article_id: str  # unique within the site; also in URLs where the platform puts it
    slug: str
    title: str
    published: datetime  # naive, Hanoi local time
    blocks: tuple[Block, ...]
    views: int | None = None
    sapo: str | None = None  # hanoi.gov.vn lead, printed above the body
    modified: datetime | None = None
    version: int = 1
    kind: str = "news"  # seed | signing | leadership | news | republished
    facts: dict = field(default_factory=dict, compare=False, hash=False)
    seed_file: str | None = None

    @property
    def last_modified(self) -> datetime:
        return self.modified or self.published

    def edited(self, **changes) -> SimArticle:
        return replace(self, version=self.version + 1, **changes)


def canonical_of(article: SimArticle, site: SiteSpec) -> CanonicalArticle:
    """The article as the canonical format holds it, given what its platform shows
    (``site.shows_category`` / ``shows_views``, from the platform); a lead, where a
    platform prints one, comes before the body.
    """
    texts = [article.sapo] if article.sapo else []
    texts += [block.text for block in article.blocks if block.kind != "blank"]
    paragraphs = tuple(line for line in (clean_line(t) for t in texts) if line)
    shows_category, shows_views = site.shows_category, site.shows_views
    return CanonicalArticle(
        title=clean_line(article.title),
        published=article.published.replace(second=0, microsecond=0),
        paragraphs=paragraphs,
        category=clean_line(site.category(article.category).name) if shows_category else None,
        views=article.views if shows_views else None,
    )


def truth_text(article: SimArticle, site: SiteSpec) -> str:
    return format_article(canonical_of(article, site))


