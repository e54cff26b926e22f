"""Import speed of the store: articles per second into SQLite and PostgreSQL.

Each article is stored whole (fingerprint, URL, first version, LSH band keys),
one transaction each through save_article; then again into a fresh store through
save_articles in batches of --batch (one transaction per batch), as a crawl's
store writer does when articles are waiting for it.

    .venv/bin/python bench/store.py [--articles 2000] [--batch 8] [--postgres postgresql://postgres@127.0.0.1/postgres]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic_articles import generate  # noqa: E402
from storage.canonical import CanonicalArticle  # noqa: E402
from storage.store import Store  # noqa: E402


def articles(n: int) -> list[CanonicalArticle]:
    start = datetime(2024, 1, 1, 8, 0)
    return [CanonicalArticle(title=f"Tin số {i}: " + a.body[:60], published=start + timedelta(hours=i),
                             paragraphs=tuple(a.body.split("\n\n")) + ("Trung tâm VH-TT&TT",),
                             category="Tin tức", views=i)
            for i, a in enumerate(generate(n, seed=11))]


def rate(store: Store, batch: list[CanonicalArticle], size: int = 1) -> tuple[float, dict[str, int]]:
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    for start in range(0, len(batch), size):
        calls = [(article, {"url": f"http://bench.local/a/{start + i}", "site": "bench"})
                 for i, article in enumerate(batch[start:start + size])]
        if size == 1:
            results = [store.save_article(calls[0][0], **calls[0][1])]
        else:
            results = store.save_articles(calls)
        for result in results:
            outcomes[result.status] = outcomes.get(result.status, 0) + 1
    return len(batch) / (time.perf_counter() - t0), outcomes


def report(name: str, open_store, batch: list[CanonicalArticle], size: int) -> None:
    for n, label in ((1, "one by one"), (size, f"in batches of {size}")):
        store = open_store(n)  # a fresh store each time: the same articles are new in both runs
        try:
            per_second, outcomes = rate(store, batch, n)
        finally:
            store.engine.dispose()
        print(f"{name + ':':<11} {per_second:8.1f} articles/s {label:<16} ({outcomes})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=8, help="articles per save_articles call")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="server to create a throwaway database on ('' to skip)")
    args = parser.parse_args()
    batch = articles(args.articles)

    with tempfile.TemporaryDirectory() as tmp:
        report("SQLite", lambda n: Store.open(f"sqlite:///{tmp}/bench-{n}.db"), batch, args.batch)

    if not args.postgres:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storage.db import sqlalchemy_url

    prefix = f"pw_bench_{uuid.uuid4().hex[:8]}"
    names = [f"{prefix}_{n}" for n in (1, args.batch)]
    try:
        admin = create_engine(sqlalchemy_url(args.postgres), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the benchmark still reports SQLite
        print(f"PostgreSQL: not measured ({type(exc).__name__}: {exc})")
        return
    try:
        report("PostgreSQL", lambda n: Store.open(make_url(args.postgres).set(database=names[n != 1])
                                                  .render_as_string(hide_password=False)), batch, args.batch)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
