"""Cost of one new article as the archive grows: save, analyse (by phase), bytes, queries.

    .venv/bin/python bench/growth.py [--sizes 1000,10000,100000] [--db sqlite|postgres|both] [--new 60]

For each size it builds (once; cached under var/bench/, or as PostgreSQL databases
pw_growth_<n>) a store of that many synthetic articles spread over 150 sites (30 district
and 120 ward portals) and 2018-2026, with their URLs, versions, band keys, facts and
roster sightings (5 posts per place, a new holder every ~2 years), by bulk Core inserts;
then the events of every post, by the real rebuild. Each measurement runs on a copy, so a
second run reuses the cache. It saves ``--new`` new articles naming current holders (one
in ten announcing a new one) with Store.save_article, analyses them with
analyse_pending, and prints milliseconds per new article, database bytes per article,
and the medians of the `events` and `roster` queries, all and of one district (typed without
diacritics): the lines `events --json` / `roster --json` print (monitor.events.event_lines,
monitor.roster_query.roster_lines); of everything also what the commands without --json read
(event_headlines, roster_headlines) and the whole listing as objects (list_events,
roster_entries, as the web API's roster serves them).

PostgreSQL: PORTALWATCH_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import monitor.events as events  # noqa: E402
from monitor.alert_config import AlertSettings  # noqa: E402
from bench.synthetic_articles import DISTRICTS, GIVEN, MIDDLES, PREDICATES, SUBJECTS, SURNAMES  # noqa: E402
from monitor.roster import place_key  # noqa: E402
from monitor.roster_query import roster_entries, roster_headlines, roster_lines  # noqa: E402
from storage.canonical import CanonicalArticle  # noqa: E402
from storage.db import sqlalchemy_url  # noqa: E402
from storage.models import Article, ArticleBand, ArticleUrl, ArticleVersion, Site  # noqa: E402
from storage.models_facts import ArticleFacts, RosterSighting  # noqa: E402
from storage.store import Store  # noqa: E402

CACHE = Path(__file__).resolve().parent.parent / "var" / "bench"
POSTGRES = os.environ.get("PORTALWATCH_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START, END = datetime(2018, 1, 1, 7, 0), datetime(2026, 6, 30, 17, 0)
MORE_DISTRICTS = ("Ba Vì", "Chương Mỹ", "Mỹ Đức", "Phú Xuyên", "Phúc Thọ", "Quốc Oai", "Thạch Thất",
                  "Thanh Oai", "Ứng Hòa", "Sơn Tây")
POSTS = {"party_secretary": None, "standing_deputy_party_secretary": None, "hdnd_chair": "Chủ tịch HĐND",
         "ubnd_chair": "Chủ tịch UBND", "mttq_chair": None}
SIGHTING_SHARE = 0.2  # articles that show one holder of their place
TENURE_DAYS = 700
VERSION = "2"  # bump when the synthetic store changes, so stale caches are rebuilt (2: roster_tenures)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def sites() -> list[tuple[str, str, str]]:
    """(site name, scope, place): 30 district portals and 120 ward portals."""
    districts = list(DISTRICTS) + list(MORE_DISTRICTS)
    out = [(f"d{i}", "district", d) for i, d in enumerate(districts)]
    rng = random.Random(3)
    wards = sorted({f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}" for _ in range(400)})[:120]
    return out + [(f"w{i}", "ward", w) for i, w in enumerate(wards)]


def holders(seed: int) -> dict[tuple[str, str], list[tuple[datetime, str]]]:
    """Per (place key, post): (from when, who), a new holder every TENURE_DAYS or so."""
    rng = random.Random(seed)
    out = {}
    for _, scope, place in sites():
        for post in POSTS:
            when, runs = START - timedelta(days=rng.randint(0, TENURE_DAYS)), []
            while when < END + timedelta(days=400):
                runs.append((when, _name(rng)))
                when += timedelta(days=rng.randint(TENURE_DAYS // 2, TENURE_DAYS * 3 // 2))
            out[(place_key(scope, place), post)] = runs
    return out


def holder_at(runs: list[tuple[datetime, str]], when: datetime) -> str:
    return [name for start, name in runs if start <= when][-1]


def _body(rng: random.Random, i: int, place: str) -> str:
    clauses = [f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(PREDICATES)}." for _ in range(8)]
    return f"Bản tin số {i} của {place}. " + " ".join(clauses)


def build(engine, n: int, seed: int = 11) -> None:
    """The bulk load: Core executemany in chunks, no save_article."""
    rng = random.Random(seed)
    now = datetime(2026, 7, 1)
    site_rows = sites()
    runs = holders(seed)
    with engine.begin() as conn:
        conn.execute(insert(Site), [{"id": k + 1, "name": name, "url": f"http://{name}.bench.local/",
                                     "district": place, "platform": "generic", "config": {}, "created_at": now}
                                    for k, (name, _, place) in enumerate(site_rows)])
    span = (END - START).total_seconds()
    batch: dict[type, list[dict]] = defaultdict(list)

    def flush() -> None:
        with engine.begin() as conn:
            for model in (Article, ArticleUrl, ArticleVersion, ArticleBand, ArticleFacts, RosterSighting):
                if batch[model]:
                    conn.execute(insert(model), batch[model])
        batch.clear()

    for i in range(1, n + 1):
        k = rng.randrange(len(site_rows))
        name, scope, place = site_rows[k]
        published = START + timedelta(seconds=int(span * i / (n + 1)))
        url = f"http://{name}.bench.local/tin/{i}.html"
        body = _body(rng, i, place)
        canonical = f"Tin tức\nBản tin số {i}\n{published:%d/%m/%Y | %H:%M}\n\n{body}\n"
        digest = rng.randbytes(480)
        batch[Article].append({"id": i, "url": url, "site_id": k + 1, "title": f"Bản tin số {i}",
                               "published": published, "body": body, "canonical_text": canonical,
                               "body_hash": f"{rng.getrandbits(256):064x}", "minhash": digest, "name_keys": [],
                               "group_id": i, "version": 1, "first_seen": now, "last_seen": now,
                               "category": "Tin tức"})
        batch[ArticleUrl].append({"article_id": i, "site_id": k + 1, "url": url, "first_seen": now, "last_seen": now})
        batch[ArticleVersion].append({"article_id": i, "version": 1, "url": url, "title": f"Bản tin số {i}",
                                      "canonical_text": canonical, "body_hash": "0" * 64, "fetched_at": now})
        batch[ArticleBand].extend({"article_id": i, "band_key": rng.getrandbits(63)} for _ in range(20))
        people = []
        if rng.random() < SIGHTING_SHARE:
            post = rng.choice(list(POSTS))
            key = place_key(scope, place)
            who = holder_at(runs[(key, post)], published)
            people = [{"name": who, "posts": [{"post": post, "scope": scope, "place": place, "qualifier": None}]}]
            batch[RosterSighting].append({"article_id": i, "place_key": key, "place": place, "scope": scope,
                                          "post": post, "name": who, "published": published, "source": "seen",
                                          "evidence": f"đồng chí {who}"})
        batch[ArticleFacts].append({"article_id": i, "version": 1, "analysed_at": now, "district": place,
                                    "facts": {"signing": None, "people": people, "changes": []}})
        if i % 5000 == 0:
            flush()
    flush()
    if engine.dialect.name == "postgresql":  # explicit ids do not advance the serial sequences
        with engine.begin() as conn:
            for table in ("sites", "articles", "article_urls", "article_versions", "roster_sightings"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    store = Store(engine)
    with store.session() as s:
        posts = s.execute(select(RosterSighting.place_key, RosterSighting.post).distinct()).all()
    for key, post in posts:  # the events the real analysis would have stored
        with store.session() as s:
            events._rebuild_post(s, key, post, None, AlertSettings())
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def new_articles(count: int, seed: int = 5) -> list[tuple[CanonicalArticle, str, str]]:
    """Articles after the archive: current holders seen, one in ten a new holder elected."""
    rng = random.Random(seed)
    runs = holders(11)
    out = []
    for j in range(count):
        name, scope, place = rng.choice(sites())
        post = rng.choice(["hdnd_chair", "ubnd_chair"])
        where = f"{'huyện' if scope == 'district' else 'phường'} {place}"
        published = END + timedelta(hours=3 * j + 1)
        if j % 10 == 9:
            sentence = (f"Kỳ họp đã bầu đồng chí {_name(rng)} giữ chức {POSTS[post]} {where} "
                        "nhiệm kỳ 2021-2026.")
        else:
            sentence = (f"Dự hội nghị có đồng chí {holder_at(runs[(place_key(scope, place), post)], published)}, "
                        f"{POSTS[post]} {where}, cùng lãnh đạo các phòng ban.")
        body = (sentence, _body(rng, 10_000_000 + j, place), "P.V")
        out.append((CanonicalArticle(title=f"Tin mới {j} của {place}", published=published, paragraphs=body),
                     f"http://{name}.bench.local/moi/{j}.html", name))
    return out


class Phases:
    """Wall time of the analysis' phases, by wrapping monitor.events' own functions."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = defaultdict(float)
        for phase, attr in (("queue", "queued"), ("detectors", "read_facts"), ("rebuild", "_rebuild_post")):
            setattr(events, attr, self._timed(phase, getattr(events, attr)))

    def _timed(self, phase, fn):
        def run(*args, **kwargs):
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.ms[phase] += (time.perf_counter() - began) * 1000
        return run


def _median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _sqlite_copy(n: int) -> tuple[str, callable]:
    CACHE.mkdir(parents=True, exist_ok=True)
    cached, done = CACHE / f"growth-{n}.db", CACHE / f"growth-{n}.v{VERSION}"
    if not done.exists():
        cached.unlink(missing_ok=True)
        engine = Store.open(f"sqlite:///{cached}").engine
        began = time.perf_counter()
        build(engine, n)
        engine.dispose()
        print(f"  built sqlite {n:,} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        done.touch()
    work = CACHE / f"growth-{n}-run.db"
    shutil.copyfile(cached, work)
    # The copy's gigabytes are dirty in the page cache until written: the first WAL checkpoint's
    # fsync would write them all, inside the timed saves (about 14 of 16.5 ms per save at 1M). A store
    # in use has only its last checkpoint's pages to write, so the copy is written first.
    with open(work, "rb+") as copy:
        os.fsync(copy.fileno())
    def remove() -> None:
        for path in (work, work.with_name(work.name + ".migrating")):
            path.unlink(missing_ok=True)
    return f"sqlite:///{work}", remove


def _postgres_copy(n: int) -> tuple[str, callable]:
    admin = create_engine(sqlalchemy_url(POSTGRES), isolation_level="AUTOCOMMIT")
    cached, work = f"pw_growth_{n}_v{VERSION}", f"pw_growth_{n}_run"
    url_of = lambda name: make_url(sqlalchemy_url(POSTGRES)).set(database=name).render_as_string(hide_password=False)  # noqa: E731
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": cached})
    if not exists:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{cached}_tmp"'))
        engine = Store.open(url_of(f"{cached}_tmp")).engine
        began = time.perf_counter()
        build(engine, n)
        engine.dispose()
        with admin.connect() as conn:  # named only once complete: a half-built one is never reused
            conn.execute(text(f'ALTER DATABASE "{cached}_tmp" RENAME TO "{cached}"'))
        print(f"  built postgres {n:,} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{work}" TEMPLATE "{cached}"'))
        conn.execute(text("CHECKPOINT"))  # the copy went through the WAL: not written back inside the timings

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)'))
        admin.dispose()
    return url_of(work), drop


def _bytes(store: Store) -> int:
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            return conn.scalar(text("PRAGMA page_count")) * conn.scalar(text("PRAGMA page_size"))
        return conn.scalar(text("SELECT pg_database_size(current_database())"))


def measure(db: str, n: int, new: int, phases: Phases) -> dict:
    url, cleanup = (_sqlite_copy if db == "sqlite" else _postgres_copy)(n)
    store = Store.open(url)
    try:
        size = _bytes(store) / n
        fresh = new_articles(new)
        # A warm-up article, so that imports and first connections are not counted.
        store.save_article(*fresh[0][:1], url=fresh[0][1], site=fresh[0][2])
        events.analyse_pending(store)
        began = time.perf_counter()
        for article, url_, site in fresh[1:]:
            store.save_article(article, url=url_, site=site)
        save_ms = (time.perf_counter() - began) * 1000 / (new - 1)
        phases.ms.clear()
        began = time.perf_counter()
        created = events.analyse_pending(store)
        analyse_ms = (time.perf_counter() - began) * 1000 / (new - 1)
        district = "thanh tri"
        row = {"db": db, "n": n, "save": save_ms, "analyse": analyse_ms,
               **{k: v / (new - 1) for k, v in phases.ms.items()}, "events_created": len(created),
               "bytes": size,
               "events_all": _median_ms(lambda: events.event_lines(store)),
               "events_text": _median_ms(lambda: events.event_headlines(store)),
               "events_objects": _median_ms(lambda: events.list_events(store)),
               "events_district": _median_ms(lambda: events.event_lines(store, district=district)),
               "roster_all": _median_ms(lambda: roster_lines(store)),
               "roster_text": _median_ms(lambda: roster_headlines(store)),
               "roster_objects": _median_ms(lambda: roster_entries(store)),
               "roster_district": _median_ms(lambda: roster_lines(store, district=district))}
        with store.session() as s:
            row["sightings"] = s.scalar(select(func.count()).select_from(RosterSighting))
        return row
    finally:
        store.engine.dispose()
        cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--new", type=int, default=60, help="new articles saved and analysed per store")
    args = parser.parse_args()
    try:
        sizes = [int(x) for x in args.sizes.split(",")]
    except ValueError:
        print(f"--sizes is a comma-separated list of article counts, not {args.sizes!r}.", file=sys.stderr)
        sys.exit(2)
    if args.new < 2 or any(n < 1 for n in sizes):
        print("--new is at least 2 and every size at least 1.", file=sys.stderr)
        sys.exit(2)
    phases = Phases()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print("| db | articles | save ms/new | analyse ms/new | queue | detectors | rebuild | bytes/article "
          "| events all ms: --json · text · objects | events --district ms "
          "| roster all ms: --json · text · objects | roster --district ms "
          "| sightings |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for db in dbs:
        for n in sizes:
            r = measure(db, n, args.new, phases)
            print(f"| {db} | {n:,} | {r['save']:.1f} | {r['analyse']:.1f} | {r.get('queue', 0):.2f} "
                  f"| {r.get('detectors', 0):.1f} | {r.get('rebuild', 0):.1f} | {r['bytes']:,.0f} "
                  f"| {r['events_all']:.1f} · {r['events_text']:.1f} · {r['events_objects']:.1f} "
                  f"| {r['events_district']:.1f} "
                  f"| {r['roster_all']:.1f} · {r['roster_text']:.1f} · {r['roster_objects']:.1f} "
                  f"| {r['roster_district']:.1f} | {r['sightings']:,} |", flush=True)


if __name__ == "__main__":
    main()
