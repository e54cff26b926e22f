"""The post-2025 hanoi.gov.vn platform (ward portals on the old district hosts).

The printed time is for readers; JSON-LD ``datePublished`` is for machines and
is what this reader trusts first. The lead (``[data-role=sapo]``) stands above
the body and is the article's first paragraph.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from crawler.extract import text
from crawler.extract.base import json_ld_published
from crawler.extract.selectors import SelectorExtractor

# "15:28, 28/08/2026": the list items' and article header's printed form.
_TIME_FIRST = re.compile(r"(\d{1,2}):(\d{2})\s*,?\s*(\d{1,2})/(\d{1,2})/(\d{4})")
# Article ids: a site prefix, then yyMMddHHmmss and milliseconds, before ".htm".
ARTICLE_ID = re.compile(r"-(\d{16,})\.htm$")


def parse_time_first(value: str) -> datetime | None:
    m = _TIME_FIRST.search(value)
    if not m:
        return None
    hour, minute, day, month, year = (int(g) for g in m.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


class HanoiGovExtractor(SelectorExtractor):
    platform = "hanoi_gov"

    def published(self, root: etree._Element, scope: etree._Element) -> tuple[datetime | None, int | None]:
        published = json_ld_published(root)
        if published is None:
            printed = text.element_text(self._find(scope, root, "date"))
            published = parse_time_first(printed)
            if published is None:
                return super().published(root, scope)
        return published, None
