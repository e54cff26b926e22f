"""Read one article page and print its canonical text: a site config's quick check.

    python -m crawler.extract URL|FILE [--platform generic|liferay|caugiay|hanoi_gov]
                                       [--site NAME [--sites FILE]]

Any platform's page is read: without --platform or --site the generic reader
(evidence from the page's headings, dates and metadata, and trafilatura's
body) reads it. With --site the site's platform and selectors come from the
registry. The page is fetched once, with portalwatch's User-Agent. Exit status
1 when the page does not give a whole article (what is missing goes to
stderr); 2, with one sentence on stderr, when the page cannot be had (a
missing file, an HTTP error, a refused connection) or a name is unknown.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from crawler.extract import EXTRACTORS, PageHints, PageReader
from storage.canonical import ArticleFormatError, decode_article_bytes, format_article


class PageUnavailable(Exception):
    """The page could not be had; the message is one sentence for stderr."""


def _read_file(target: str) -> str:
    path = Path(target)
    try:
        return decode_article_bytes(path.read_bytes())
    except FileNotFoundError:
        raise PageUnavailable(f"{target}: no such file") from None
    except IsADirectoryError:
        raise PageUnavailable(f"{target}: is a directory, not a saved page") from None
    except PermissionError:
        raise PageUnavailable(f"{target}: permission denied") from None
    except ArticleFormatError as exc:
        raise PageUnavailable(f"{target}: {exc}") from None


def fetch(target: str) -> str:
    """The text of a saved page or of a URL (http, https)."""
    if "://" not in target:
        return _read_file(target)
    if urlsplit(target).scheme not in ("http", "https"):
        raise PageUnavailable(f"{target}: only http and https URLs are fetched")
    from crawler.run import crawl_settings

    request = urllib.request.Request(target, headers={"User-Agent": crawl_settings()["USER_AGENT"]})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise PageUnavailable(f"{target}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise PageUnavailable(f"{target}: cannot connect ({_reason(exc.reason)})") from None
    except (TimeoutError, OSError) as exc:
        raise PageUnavailable(f"{target}: cannot fetch ({_reason(exc)})") from None
    try:
        return body.decode(charset) if charset else decode_article_bytes(body)
    except (LookupError, UnicodeDecodeError, ArticleFormatError):
        raise PageUnavailable(f"{target}: the answer is not a text page") from None


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def known_platforms() -> list[str]:
    return sorted({"generic", *EXTRACTORS})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="an article URL or a saved HTML file")
    parser.add_argument("--platform", default=None)
    parser.add_argument("--site", default=None, help="take platform and selectors from this registry site")
    parser.add_argument("--sites", default=None, help="the registry file (default: the shipped one)")
    args = parser.parse_args(argv)
    platform, selectors = args.platform or "generic", None
    try:
        if args.site:
            from crawler.registry import UsageError, load_registry  # the registry's own error
            from crawler.settings import process_environment, sites_setting
            from storage.settings import DEFAULT_SITES_FILE

            try:
                sites_file = args.sites or process_environment().get(sites_setting) or DEFAULT_SITES_FILE
                site = load_registry(sites_file).get(args.site)
            except UsageError as exc:
                raise PageUnavailable(str(exc)) from None
            platform, selectors = args.platform or site.platform, site.selectors
        if platform not in known_platforms():
            raise PageUnavailable(f"there is no platform {platform!r}; known: {', '.join(known_platforms())}")
        page = fetch(args.target)
    except PageUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    url = args.target if "://" in args.target else None
    extraction = PageReader(platform, selectors).read(page, PageHints(url=url))
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
