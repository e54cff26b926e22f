"""Read one article page and print its canonical text: a site config's quick check.

    python -m crawler.extract URL|FILE [--platform liferay|caugiay|hanoi_gov|generic]
                                       [--site NAME [--sites FILE]]

With --site the site's platform and selectors come from the registry. The page
is fetched once, with portalwatch's User-Agent. Exit status 1 when the page does
not give a whole article (what is missing goes to stderr).
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path

from crawler.extract import PageReader
from storage.canonical import decode_article_bytes, format_article


def fetch(target: str) -> str:
    if "://" not in target:
        return decode_article_bytes(Path(target).read_bytes())
    from crawler.run import crawl_settings

    request = urllib.request.Request(target, headers={"User-Agent": crawl_settings()["USER_AGENT"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        charset = response.headers.get_content_charset()
    return body.decode(charset) if charset else decode_article_bytes(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="an article URL or a saved HTML file")
    parser.add_argument("--platform", default=None)
    parser.add_argument("--site", default=None, help="take platform and selectors from this registry site")
    parser.add_argument("--sites", default=None, help="the registry file (default: the shipped one)")
    args = parser.parse_args(argv)
    platform, selectors = args.platform or "generic", None
    if args.site:
        from crawler.registry import load_registry
        from portalwatch import config

        site = load_registry(args.sites or config.sites_file_from_env()).get(args.site)
        platform, selectors = args.platform or site.platform, site.selectors
    extraction = PageReader(platform, selectors).read(fetch(args.target))
    if extraction.fell_back:
        print(f"the {platform} selectors missed {', '.join(extraction.fell_back)}; "
              "the generic reader filled in", file=sys.stderr)
    if not extraction.ok:
        print(f"no article: {', '.join(extraction.missing)} not found", file=sys.stderr)
        return 1
    sys.stdout.write(format_article(extraction.article))
    return 0


if __name__ == "__main__":
    sys.exit(main())
