"""The zero-config reader on every simulator platform, next to trafilatura on the same pages.

    .venv/bin/python bench/generic.py [--articles-per-site N] [--seed S] [--site NAME ...]

Starts the simulator with every platform's sites, crawls them all with the
`generic` spider (nothing but name, url and district: a real `portalwatch crawl`
in a subprocess, list hints and all), then prints per platform:

- found: articles stored / articles the simulator published;
- ours: title, date (to the minute), body, category line and view-count line
  exact against the simulator's truth, from what the crawl stored (trafilatura
  gives neither line);
- trafilatura: title, date (to the day: it prints no time) and body exact on
  the same article pages, fetched again;
- pages/s of each reader, in this process (one core), on those pages.

Body exact: the article's paragraphs, each through clean_line, equal to the
truth's (byline and captions included, as the canonical format keeps them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.extract import PageHints, PageReader  # noqa: E402
from portalwatch.simulator import Simulator  # noqa: E402
from storage.canonical import CanonicalArticle, parse_article  # noqa: E402
from storage.normalize import clean_line  # noqa: E402

# Crawl at the simulator's speed: no politeness delay against our own server.
CRAWL_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "ROBOTSTXT_CRAWL_DELAY": False,
                  "LOG_LEVEL": "ERROR"}


@dataclass
class Tally:
    pages: int = 0
    title: int = 0
    date: int = 0
    body: int = 0
    category: int = 0
    views: int = 0
    seconds: float = 0.0

    def add(self, truth: CanonicalArticle, title: str | None, day_or_minute: bool | None,
            paragraphs: tuple[str, ...] | None) -> None:
        self.pages += 1
        self.title += clean_line(title or "") == truth.title
        self.date += bool(day_or_minute)
        self.body += paragraphs == truth.paragraphs

    def add_lines(self, truth: CanonicalArticle, ours: CanonicalArticle | None) -> None:
        """The category and view-count lines, which only our reader gives."""
        self.category += ours is not None and ours.category == truth.category
        self.views += ours is not None and ours.views == truth.views


@dataclass
class Platform:
    published: int = 0
    found: int = 0
    ours: Tally = field(default_factory=Tally)
    theirs: Tally = field(default_factory=Tally)


def crawl(sim: Simulator, workdir: Path) -> dict[str, dict]:
    """Every site crawled with the generic spider; stored articles by URL."""
    registry = sim.write_registry(workdir / "sites.yaml", generic=True)
    db = f"sqlite:///{workdir / 'bench.db'}"
    env = {**os.environ, "PORTALWATCH_SCRAPY_SETTINGS": json.dumps(CRAWL_SETTINGS)}
    cli = [sys.executable, "-m", "portalwatch.cli", "--db", db]
    done = subprocess.run(cli + ["--sites", str(registry), "crawl", "--all", "--json"], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise SystemExit(f"the crawl did not run: {done.stderr.strip().splitlines()[-1:]}")
    exported = subprocess.run(cli + ["export", "--format", "jsonl", "--out", "-"], capture_output=True,
                              text=True, env=env, cwd=ROOT, check=True)
    return {row["url"]: row for row in map(json.loads, filter(None, exported.stdout.splitlines()))}


def trafilatura_read(html: str, url: str) -> tuple[str | None, str | None, tuple[str, ...] | None]:
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if not extracted:
        return None, None, None
    document = extracted.as_dict()
    text = document.get("text") or ""
    paragraphs = tuple(line for line in (clean_line(t) for t in text.split("\n")) if line)
    return document.get("title"), document.get("date"), paragraphs or None


def measure(sim: Simulator, stored: dict[str, dict]) -> dict[str, Platform]:
    results: dict[str, Platform] = defaultdict(Platform)
    reader = PageReader("generic")
    # The first reading imports trafilatura's and htmldate's modules: not to be timed as the first platform's.
    reader.read("<html><body><h1>Khởi động bộ đọc</h1><p>Ngày 01/01/2024</p></body></html>")
    for site, runtime in sim.runtimes.items():
        platform = results[runtime.spec.platform]
        for url, truth_text in sim.truths(site).items():
            truth = parse_article(truth_text)
            platform.published += 1
            row = stored.get(url)
            platform.found += row is not None
            ours = parse_article(row["canonical_text"]) if row else None
            platform.ours.add(truth, ours.title if ours else None, ours and ours.published == truth.published,
                              ours.paragraphs if ours else None)
            platform.ours.add_lines(truth, ours)
            html = urllib.request.urlopen(url).read().decode("utf-8")
            started = time.process_time()
            title, day, paragraphs = trafilatura_read(html, url)
            platform.theirs.seconds += time.process_time() - started
            platform.theirs.add(truth, title, day == f"{truth.published:%Y-%m-%d}", paragraphs)
            started = time.process_time()
            reader.read(html, PageHints(url=url))
            platform.ours.seconds += time.process_time() - started
    return results


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}" if whole else "    -"


def report(results: dict[str, Platform]) -> None:
    print(f"{'platform':<10} {'found':>9} | {'ours: title':>11} {'date':>5} {'body':>5} {'cat':>5} {'views':>5}"
          f" {'pages/s':>7} |"
          f" {'trafilatura: title':>18} {'day':>5} {'body':>5} {'pages/s':>7}")
    for name, p in results.items():
        o, t = p.ours, p.theirs
        print(f"{name:<10} {p.found:>4}/{p.published:<4} | {percent(o.title, o.pages):>11} {percent(o.date, o.pages)}"
              f" {percent(o.body, o.pages)} {percent(o.category, o.pages)} {percent(o.views, o.pages)}"
              f" {o.pages / o.seconds if o.seconds else 0:7.1f} |"
              f" {percent(t.title, t.pages):>18} {percent(t.date, t.pages)} {percent(t.body, t.pages)}"
              f" {t.pages / t.seconds if t.seconds else 0:7.1f}")
    print("percent of articles published; ours from the crawl's stored articles, date to the minute;"
          " trafilatura's date to the day; pages/s in CPU seconds of one process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles-per-site", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--site", action="append", help="only these simulator sites (repeatable)")
    args = parser.parse_args()
    if args.articles_per_site < 1:
        parser.error("--articles-per-site must be at least 1")
    try:
        sim = Simulator(seed=args.seed, articles_per_site=args.articles_per_site, platforms=True, sites=args.site)
    except KeyError as exc:
        parser.error(f"unknown site: {exc}")
    if not sim.runtimes:
        parser.error(f"no simulator site is called {', '.join(args.site)}")
    with sim.start(), tempfile.TemporaryDirectory() as workdir:
        report(measure(sim, crawl(sim, Path(workdir))))


if __name__ == "__main__":
    main()
