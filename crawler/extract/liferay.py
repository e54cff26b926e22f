"""Liferay 6.2-era district portals (Thanh Trì, Hoàn Kiếm before 2025).

Category as the portlet title (Hoàn Kiếm adds a screen-reader copy, which the
text reader skips), "Ngày đăng DD/MM/YYYY | HH:MM | View count: N" (the prefix
and the label's case vary by site), body in ``.journal-content-article``.
Everything else is in platforms.yaml.
"""

from __future__ import annotations

from crawler.extract.selectors import SelectorExtractor


class LiferayExtractor(SelectorExtractor):
    platform = "liferay"
