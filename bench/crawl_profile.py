"""Where a whole `portalwatch crawl --all` spends its CPU: py-spy over the process and the
store writer it forks, against the simulator at zero latency, summed by phase.

    .venv/bin/pip install py-spy     # not a dependency of the project
    .venv/bin/python bench/crawl_profile.py [--articles-per-site 300] [--svg docs/crawl-flame.svg]
    .venv/bin/python bench/crawl_profile.py --raw FILE    # the phases of a recorded profile

Samples are py-spy's (100 Hz, threads that wait left out), so seconds are of wall time spent
running Python or native code: on a loaded machine they grow with the load; the shares hold
better. docs/profile.md explains the phases.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RATE = 100  # samples per second
# A sample whose innermost frame is one of these waits for something: not CPU.
WAITS = ("Condition.wait", "EpollSelector.select", "_PollLikeSelector.select", "Connection._recv",
         "Thread._wait_for_tstate_lock", "sleep")
# Innermost functions of the store writer's save, by what they do (storage.store, storage.dedup).
SAVE_PARTS = (("fingerprints", ("Fingerprint", "signature", "minhash", "shingle_hashes", "band_keys")),
              ("near-duplicate lookup", ("_near_duplicate_group",)),
              ("commit", ("commit",)))
DOWNLOAD_FILES = ("http11.py", "_newclient.py", "tcp.py", "abstract.py", "downloader/", "endpoints.py")


def phase(frames: list[str]) -> str | None:
    """The phase of one sampled stack (outermost frame first), or None for a wait."""
    if any(w in frames[-1] for w in WAITS):
        return None
    names = [f.split(" (")[0] for f in frames]
    short = set(names) | {n.rsplit(".", 1)[-1] for n in names}
    stack = ";".join(frames)
    if sum(f.startswith("process ") for f in frames) > 1:  # the forked store writer
        if "save_articles" not in short:
            return "writer: IPC and other calls"
        part = next((label for label, keys in SAVE_PARTS if any(k in n for k in keys for n in names)), "rows")
        return f"writer: save, {part}"
    if "analyse_pending" in short:
        for key, label in (("read_facts", "detectors"), ("_rebuild_post", "rebuilding touched posts"),
                           ("_store_facts", "facts and sightings rows"), ("_analyse", "facts and sightings rows")):
            if key in short:
                return f"analysis: {label}"
        return "analysis: queue, lease, events, commit"
    if "run_sites" not in short:
        return "start: imports" if "_find_and_load" in short else "start: settings, store, registry"
    for key, label in (("_find_and_load", "imports during the crawl"), ("PageReader.read", "extraction"),
                       ("NormalisePipeline.process_item", "normalising (canonical text)")):
        if key in names:
            return f"crawl: {label}"
    if any(n.startswith("StoreWriter") or n.startswith("Queue._feed") for n in names):
        return "crawl: writer IPC"
    if any("Spider." in n for n in names):
        return "crawl: spider callbacks (lists, links)"
    if any(f in stack for f in DOWNLOAD_FILES):
        return "crawl: download (Twisted HTTP, downloader middlewares)"
    if "_parallel_asyncio" in stack:
        return "crawl: Scrapy's dispatch of callback output"
    return "crawl: Scrapy engine, scheduler, event loop"


def phases(raw: Path) -> dict[str, float]:
    """Seconds per phase of a py-spy raw (collapsed stacks) file."""
    seconds: dict[str, float] = collections.Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        name = phase(stack.split(";"))
        if name is not None:
            seconds[name] += int(count) / RATE
    return dict(seconds)


def record(articles_per_site: int, out: Path, fmt: str) -> None:
    from portalwatch.simulator.simulator import Simulator

    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    sim = Simulator(articles_per_site=articles_per_site, crawl_delay=0).start()
    try:
        sim.set_delay(None, 0.0)
        with tempfile.TemporaryDirectory() as tmp:
            registry = sim.write_registry(Path(tmp) / "sites.yaml")
            env = {**os.environ, "PORTALWATCH_SCRAPY_SETTINGS": json.dumps(
                {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.0, "LOG_LEVEL": "ERROR"})}
            subprocess.run([py_spy, "record", "--subprocesses", "-r", str(RATE), "-f", fmt, "-o", str(out), "--",
                            sys.executable, "-m", "portalwatch.cli", "--db", f"sqlite:///{tmp}/profile.db",
                            "--sites", str(registry), "crawl", "--all", "--json"],
                           check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        sim.stop()


_FRAME = re.compile(r'<g><title>[^<]*</title><rect [^>]*width="([0-9.]+)%"[^>]*/><text [^>]*>[^<]*</text></g>')


def prune(svg: Path, min_percent: float = 0.3) -> None:
    """Drops the flame graph's frames narrower than ``min_percent`` of all samples (slivers
    nobody can read), so that the file stays small enough to keep in the repository."""
    text = svg.read_text(encoding="utf-8")
    svg.write_text(_FRAME.sub(lambda m: m[0] if float(m[1]) >= min_percent else "", text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles-per-site", type=int, default=300)
    parser.add_argument("--raw", type=Path, help="summarise this recorded raw profile instead of recording")
    parser.add_argument("--svg", type=Path, help="also record a flame graph here (a second crawl)")
    args = parser.parse_args()
    raw = args.raw
    if raw is None:
        raw = Path(tempfile.mkdtemp()) / "crawl.raw"
        record(args.articles_per_site, raw, "raw")
    if args.svg:
        record(args.articles_per_site, args.svg, "flamegraph")
        prune(args.svg)
    seconds = phases(raw)
    total = sum(seconds.values())
    for name, value in sorted(seconds.items()):
        print(f"{value:7.2f} s {value / total:6.1%}  {name}")
    print(f"{total:7.2f} s sampled running (py-spy, {RATE} Hz, waits left out)")


if __name__ == "__main__":
    main()
