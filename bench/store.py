"""Import speed of the store: articles per second into SQLite and PostgreSQL.

Each article is one transaction (the store's contract), with its fingerprint,
URL, first version and LSH band keys, as a crawl stores it.

    .venv/bin/python bench/store.py [--articles 2000] [--postgres postgresql://postgres@127.0.0.1/postgres]
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


def rate(store: Store, batch: list[CanonicalArticle]) -> tuple[float, dict[str, int]]:
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    for i, article in enumerate(batch):
        status = store.save_article(article, url=f"http://bench.local/a/{i}", site="bench").status
        outcomes[status] = outcomes.get(status, 0) + 1
    return len(batch) / (time.perf_counter() - t0), outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="server to create a throwaway database on ('' to skip)")
    args = parser.parse_args()
    batch = articles(args.articles)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        per_second, outcomes = rate(store, batch)
        print(f"SQLite:     {per_second:8.1f} articles/s  ({outcomes})")
        store.engine.dispose()

    if not args.postgres:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storage.db import sqlalchemy_url

    name = f"pw_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(sqlalchemy_url(args.postgres), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the benchmark still reports SQLite
        print(f"PostgreSQL: not measured ({type(exc).__name__}: {exc})")
        return
    try:
        store = Store.open(make_url(args.postgres).set(database=name).render_as_string(hide_password=False))
        per_second, outcomes = rate(store, batch)
        print(f"PostgreSQL: {per_second:8.1f} articles/s  ({outcomes})")
        store.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
