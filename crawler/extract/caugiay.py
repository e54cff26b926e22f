"""Cầu Giấy-style portals (caugiay.hanoi.gov.vn before 2025, mttqhanoi.org.vn).

"DD/MM/YYYY - hh:mm PM" dates (the canonical format keeps 24-hour time; the
shared date parser converts), no category and no view count on the page, and a
"Các tin tức khác" block and category menu after the article, outside the
body selector. Everything else is in platforms.yaml.
"""

from __future__ import annotations

from crawler.extract.selectors import SelectorExtractor


class CauGiayExtractor(SelectorExtractor):
    platform = "caugiay"
