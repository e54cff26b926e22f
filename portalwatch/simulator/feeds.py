"""RSS 2.0 feeds and XML sitemaps, as portals publish them for aggregators and search engines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from portalwatch.simulator.model import HANOI_TZ


def rss(title: str, link: str, items: Iterable[tuple[str, str, datetime]]) -> str:
    """A channel of (url, title, published) items, newest first."""
    entries = "\n".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid isPermaLink=\"true\">{escape(u)}</guid>"
        f"<pubDate>{format_datetime(p.replace(tzinfo=HANOI_TZ))}</pubDate></item>" for u, t, p in items)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{escape(link)}</link><language>vi</language>\n"
            f"{entries}\n</channel></rss>\n")


def urlset(entries: Iterable[tuple[str, datetime | None]]) -> str:
    """A sitemap of (url, last modified) entries."""
    rows = "\n".join(f"<url><loc>{escape(u)}</loc>"
                     + (f"<lastmod>{m.replace(tzinfo=HANOI_TZ).isoformat()}</lastmod>" if m else "") + "</url>"
                     for u, m in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</urlset>\n')


def sitemap_index(children: Iterable[str]) -> str:
    rows = "\n".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</sitemapindex>\n')
