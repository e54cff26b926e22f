"""Crawl benchmark against the simulator (one process tree, nothing on the network).

1. Throughput: the whole `portalwatch crawl --all` command (process start,
   spiders, extraction, validate/normalise/store pipelines into a fresh SQLite
   store, the analysis after the crawl) against a bare Scrapy spider that follows
   exactly the same links (same spiders with the article callback emptied, no
   pipelines, no store), and against a plain peer (bench/crawl_peer.py: a stock
   CrawlSpider + trafilatura writing JSON lines, same politeness). Pages/s of
   each process from start to exit, the full/bare ratio (target >= 0.7), and
   CPU seconds per 1,000 requests of each (target: full <= 1.5x the peer). Both run with the shipped settings (two requests per
   site at a time, AutoThrottle), delays set to 0, twice: with the simulator
   answering after --latency seconds (a portal across the Internet; real ones
   take 0.1-0.5 s), and with no latency at all, where the crawl is CPU-bound
   and the simulator, the crawler and the store writer share the machine's cores.
2. Start cost: CPU seconds of `crawl SITE --max-articles 1` on an existing store (the
   fixed cost of a crawl process; target well under 1). Incrementality: requests of a
   second, unchanged crawl over those of the first (target <= 0.02).
3. Extraction: HTML-to-canonical milliseconds per page for the platform
   extractor, the generic extractor and trafilatura on the same article pages,
   and each one's accuracy against the simulator's truth.

    .venv/bin/python bench/crawl.py [--articles-per-site 300] [--sample 300] [--skip-extraction]

Crawls run in subprocesses (Twisted's reactor starts once per process).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The same settings for both crawls: the shipped ones, minus the waiting.
BENCH_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.0, "LOG_LEVEL": "ERROR"}


# --- the bare spider (runs in a subprocess: `bench/crawl.py --bare REGISTRY`) ----------

def bare_worker(registry_path: str) -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.registry import load_registry
    from crawler.run import crawl_settings
    from crawler.spiders import spider_for

    class Bare:
        """Follows the platform spider's links; reads and stores nothing."""

        def parse_article(self, response):
            self.count("pages")
            return iter(())

    settings = crawl_settings({**BENCH_SETTINGS, "ITEM_PIPELINES": {}})
    process = CrawlerProcess(settings)
    crawlers = []
    for site in load_registry(registry_path).sites:
        cls = spider_for(site.platform)
        crawler = process.create_crawler(type(f"Bare{cls.__name__}", (Bare, cls), {}))
        crawlers.append(crawler)
        process.crawl(crawler, site=site, store=object())
    process.start()
    stats = [c.stats.get_stats() for c in crawlers]
    print(json.dumps({
        "requests": sum(s.get("downloader/request_count", 0) for s in stats),
        "pages": sum(s.get("portalwatch/pages", 0) for s in stats),
        "seconds": _span(stats),
    }))


def _span(stats: list[dict]) -> float:
    """Wall time from the first crawler's start to the last one's finish."""
    starts = [s["start_time"] for s in stats if "start_time" in s]
    ends = [s["finish_time"] for s in stats if "finish_time" in s]
    return (max(ends) - min(starts)).total_seconds()


# --- the parent -----------------------------------------------------------------------

def cpu_seconds() -> float:
    """CPU time of the finished crawl processes below this one (with any process
    they waited for); the simulator's threads in this process are not counted."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def run(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    """``args`` under this checkout's interpreter, or under another checkout's (``root``/.venv)."""
    env = {**os.environ, "PORTALWATCH_SCRAPY_SETTINGS": json.dumps(BENCH_SETTINGS)}
    python = sys.executable if root == ROOT else str(root / ".venv" / "bin" / "python")
    before = cpu_seconds()
    done = subprocess.run([python, *args], capture_output=True, text=True, env=env, cwd=root)
    done.cpu = cpu_seconds() - before
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[:4])}... failed:\n{done.stderr[-3000:]}")
    return done


def full_crawl(db_url: str, registry: Path) -> dict:
    started = time.perf_counter()
    done = run("-m", "portalwatch.cli", "--db", db_url, "--sites", str(registry), "crawl", "--all", "--json")
    wall = time.perf_counter() - started
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    figures = [r["figures"] for r in results]
    return {"requests": sum(f["requests"] for f in figures), "pages": sum(f["pages"] for f in figures),
            "articles": sum(f["articles_new"] for f in figures),
            "errors": sum(sum(f["errors"].values()) for f in figures),
            # The sites run side by side: the longest one is the crawl's time.
            "seconds": max(f.get("seconds", 0) for f in figures), "wall": wall, "cpu": done.cpu}


def start_cost(db_url: str, registry: Path, site: str, runs: int, roots: Sequence[Path] = (ROOT,),
               nothing_new: bool = False) -> dict[Path, list[float]]:
    """CPU seconds (user + sys, with the store writer it forks) of `crawl SITE --max-articles 1`
    on a store that exists: the fixed cost of a crawl process, paid per site per run. Each run
    stores one more article of the site and analyses it. Several ``roots`` (checkouts, each
    with its .venv) take turns, run by run, each on its own store, so that the machine's load
    falls on all of them alike. ``nothing_new``: the site is crawled whole first, so each timed
    crawl finds nothing to store (a daemon's usual crawl of a portal)."""
    cpu: dict[Path, list[float]] = {root: [] for root in roots}
    for index, root in enumerate(roots):
        own = f"{db_url}.{index}"
        run("-m", "portalwatch.cli", "--db", own, "--sites", str(registry), "crawl", site,
            *(() if nothing_new else ("--max-articles", "1")), root=root)
    for _ in range(runs):
        for index, root in enumerate(roots):
            done = run("-m", "portalwatch.cli", "--db", f"{db_url}.{index}", "--sites", str(registry), "crawl",
                       site, "--max-articles", "1", "--json", root=root)
            assert json.loads(done.stdout.splitlines()[-1])["figures"]["articles_new"] == (not nothing_new), done.stdout
            cpu[root].append(done.cpu)
    return cpu


def _print_start_cost(cpu: dict[Path, list[float]]) -> None:
    for root, seconds in cpu.items():
        print(f"start cost, `crawl SITE --max-articles 1` on an existing store ({root}): CPU s median "
              f"{statistics.median(seconds):.2f} of {len(seconds)} runs ({', '.join(f'{c:.2f}' for c in sorted(seconds))}); "
              f"load average {os.getloadavg()[0]:.1f}")


def bare_crawl(registry: Path) -> dict:
    started = time.perf_counter()
    done = run(str(Path(__file__).resolve()), "--bare", str(registry))
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "cpu": done.cpu,
            "wall": time.perf_counter() - started}


def peer_crawl(registry: Path, out: Path) -> dict:
    started = time.perf_counter()
    done = run(str(Path(__file__).resolve().parent / "crawl_peer.py"), str(registry), str(out))
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "cpu": done.cpu,
            "wall": time.perf_counter() - started}


def extraction(sim, sample: int) -> list[dict]:
    import trafilatura

    from crawler.extract import PageReader, extract_generic_html
    from storage.canonical import format_article
    from storage.normalize import clean_line

    urls = sim.article_urls()
    random.Random(7).shuffle(urls)
    pages = []
    for url in urls[:sample]:
        with urllib.request.urlopen(url) as response:
            pages.append((url, response.read().decode("utf-8"), sim.site(sim.article(url).site).spec.platform))
    readers = {p: PageReader(p) for _, _, p in pages}

    def body_of(text: str) -> list[str]:
        return [line for line in text.split("\n")[5:] if line]

    def canonical(extract):
        def run_one(html: str, platform: str) -> str | None:
            result = extract(html, platform)
            return format_article(result.article) if result.ok else None
        return run_one

    def traf(html: str, platform: str) -> str | None:
        # Only its body is compared: it gives no time of day (so no canonical text of
        # its own could be exact), and its text starts with the headline.
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        if not text:
            return None
        return "\n" * 5 + "\n".join(clean_line(line) for line in text.splitlines())

    extractors = {
        "platform": canonical(lambda html, p: readers[p].read(html)),
        "generic": canonical(lambda html, p: extract_generic_html(html)),
        "trafilatura": traf,
    }
    rows = []
    for name, extract in extractors.items():
        times, exact, body_exact, similarity = [], 0, 0, []
        for url, html, platform in pages:
            truth = sim.truth(url)
            started = time.perf_counter()
            text = extract(html, platform)
            times.append((time.perf_counter() - started) * 1000)
            if text is None:
                similarity.append(0.0)
                continue
            exact += text == truth
            want, got = body_of(truth), body_of(text)
            if name == "trafilatura" and got and got[0] == truth.split("\n")[2]:
                got = got[1:]  # the headline is not counted against it
            body_exact += got == want
            similarity.append(difflib.SequenceMatcher(None, "\n".join(want), "\n".join(got)).ratio())
        rows.append({"extractor": name, "ms_per_page": statistics.mean(times),
                     "canonical_exact": exact / len(pages) if name != "trafilatura" else None,
                     "body_exact": body_exact / len(pages), "body_similarity": statistics.mean(similarity)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles-per-site", type=int, default=300)
    parser.add_argument("--sample", type=int, default=300, help="article pages for the extraction timing")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the simulator takes per page")
    parser.add_argument("--skip-extraction", action="store_true", help="leave out part 3")
    parser.add_argument("--start-runs", type=int, default=5, help="one-article crawls timed for the start cost")
    parser.add_argument("--start-only", action="store_true", help="only part 2's start cost")
    parser.add_argument("--nothing-new", action="store_true",
                        help="with --start-only: time one-article crawls that find nothing new")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="another checkout (with its .venv) whose start cost is timed in turn with this one's")
    parser.add_argument("--bare", metavar="REGISTRY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_worker(args.bare)
        return
    roots = (ROOT, args.against.resolve()) if args.against else (ROOT,)

    from portalwatch.simulator.simulator import Simulator

    # crawl_delay=0: the simulator's robots.txt asks for no pause (Scrapy would not read it anyway).
    sim = Simulator(articles_per_site=args.articles_per_site, crawl_delay=0).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            registry = sim.write_registry(Path(tmp) / "sites.yaml")
            total = len(sim.article_urls())
            print(f"simulator: {len(sim.runtimes)} sites, {total} articles")
            if args.start_only:
                _print_start_cost(start_cost(f"sqlite:///{Path(tmp) / 'start.db'}", registry,
                                             next(iter(sim.runtimes)), args.start_runs, roots, args.nothing_new))
                return

            for latency in (args.latency, 0.0):
                sim.set_delay(None, latency)
                db_url = f"sqlite:///{Path(tmp) / f'bench-{latency}.db'}"
                full = full_crawl(db_url, registry)
                bare = bare_crawl(registry)
                peer = peer_crawl(registry, Path(tmp) / f"peer-{latency}.jsonl")
                print(f"simulator latency {latency * 1000:.0f} ms (each process timed from start to exit):")
                print(f"  {'':<14} {'requests':>8} {'wall s':>7} {'pages/s':>8} {'CPU s':>6} {'CPU s/1k':>9}")
                rows = (("full pipeline", full), ("bare spider", bare), ("plain peer", peer))
                for name, row in rows:
                    print(f"  {name:<14} {row['requests']:>8} {row['wall']:>7.2f} {row['requests'] / row['wall']:>8.1f} "
                          f"{row['cpu']:>6.1f} {1000 * row['cpu'] / row['requests']:>9.2f}")
                print(f"  full pipeline: {full['articles']} articles stored, {full['errors']} errors; "
                      f"crawl span {full['seconds']:.2f} s of its {full['wall']:.2f} s")
                print(f"  peer: {peer['items']} articles written")
                ratio = (full["requests"] / full["wall"]) / (bare["requests"] / bare["wall"])
                print(f"  ratio full/bare pages/s: {ratio:.2f} (target >= 0.7) {'OK' if ratio >= 0.7 else 'MISSED'}")
                per_k = {name: row["cpu"] / row["requests"] for name, row in rows}
                cost = per_k["full pipeline"] / per_k["plain peer"]
                print(f"  CPU per 1k requests, full/peer: {cost:.2f} (target <= 1.5) "
                      f"{'OK' if cost <= 1.5 else 'MISSED'}; full/bare {per_k['full pipeline'] / per_k['bare spider']:.2f}; "
                      f"{os.cpu_count()} cores")

            _print_start_cost(start_cost(f"sqlite:///{Path(tmp) / 'start.db'}", registry, next(iter(sim.runtimes)),
                                         args.start_runs, roots))

            again = full_crawl(db_url, registry)
            share = again["requests"] / full["requests"]
            print(f"unchanged re-crawl: {again['requests']} requests / {full['requests']} = {share:.4f} "
                  f"(target <= 0.02) {'OK' if share <= 0.02 else 'MISSED'}")

        if args.skip_extraction:
            return
        print(f"extraction on {min(args.sample, total)} article pages:")
        print(f"  {'extractor':<12} {'ms/page':>8} {'canonical exact':>16} {'body exact':>11} {'body similarity':>16}")
        for row in extraction(sim, args.sample):
            exact = "n/a" if row["canonical_exact"] is None else f"{row['canonical_exact']:.1%}"
            print(f"  {row['extractor']:<12} {row['ms_per_page']:>8.2f} {exact:>16} "
                  f"{row['body_exact']:>11.1%} {row['body_similarity']:>16.3f}")
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
