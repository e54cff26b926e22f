"""The batched queries of status and roster say what the one-site / every-place reads said."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from crawler.registry import Registry, Site as SiteConfig
from monitor.health import PROBLEMS, HealthSettings, check_site, problem_state
from monitor.roster import place_key
from monitor.roster_query import roster_entries
from monitor.status_report import collect_status, last_runs
from storage.models import Article, Site
from storage.models_facts import RosterSighting
from storage.normalize import fold

SETTINGS = HealthSettings(failed_runs=3, bad_article_ratio=0.5)
OK = {"pages": 5, "articles_new": 4, "missing": {"title": 0, "date": 0, "body": 0}, "errors": {},
      "articles_listed": 20}
BAD_LAYOUT = {"pages": 5, "articles_new": 1, "missing": {"title": 3, "date": 0, "body": 0}, "errors": {},
              "articles_listed": 20}


def _run(store, site, status, figures, error=None):
    run_id = store.start_crawl_run(site, "crawl")
    store.finish_crawl_run(run_id, status, figures, error)
    check_site(store, site, SETTINGS)
    return run_id


def _registry(*names):
    return Registry(tuple(SiteConfig(name, f"http://{name}.test.local/", f"Huyện {name}") for name in names))


def test_each_sites_health_and_last_run_are_what_its_own_reads_say(store):
    # tanlam: failures raised then recovered, layout raised; socson: failures raised; melinh: fine.
    for status in ("failed", "failed", "failed", "ok"):
        _run(store, "tanlam", status, OK if status == "ok" else {"pages": 0}, "timeout" if status == "failed" else None)
    last_tanlam = _run(store, "tanlam", "partial", BAD_LAYOUT)
    for _ in range(3):
        last_socson = _run(store, "socson", "failed", {"pages": 0}, "HTTP 503")
    last_melinh = _run(store, "melinh", "ok", OK)
    store.start_crawl_run("gone", "crawl")  # a site the registry no longer names, with a run

    sites, _ = collect_status(store, _registry("tanlam", "socson", "melinh", "quiet"))
    by_name = {site["site"]: site for site in sites}
    assert list(by_name) == ["tanlam", "socson", "melinh", "quiet", "gone"]
    with store.session() as s:
        for name in by_name:
            expected = {p: problem_state(s, name, p) for p in PROBLEMS}
            assert by_name[name]["health"] == {p: v for p, v in expected.items() if v}
    assert by_name["tanlam"]["health"] == {"crawl_failures": "recovered", "layout": "raised"}
    assert by_name["socson"]["health"] == {"crawl_failures": "raised"}
    assert [by_name[n]["last_run"]["id"] for n in ("tanlam", "socson", "melinh")] == [
        last_tanlam, last_socson, last_melinh]
    assert by_name["socson"]["last_run"]["error"] == "HTTP 503"
    assert by_name["quiet"]["last_run"] is None and by_name["gone"]["in_registry"] is False


def test_last_runs_are_the_newest_of_each_site_newest_first(store):
    ids = {name: [store.start_crawl_run(name, "crawl") for _ in range(count)]
           for name, count in (("tanlam", 7), ("socson", 2))}
    with store.session() as s:
        site_ids = {row.name: row.id for row in s.query(Site)}
        runs = last_runs(s, [site_ids["tanlam"], site_ids["socson"], 999], 5)
    assert [r.id for r in runs[site_ids["tanlam"]]] == ids["tanlam"][::-1][:5]
    assert [r.id for r in runs[site_ids["socson"]]] == ids["socson"][::-1]
    assert runs[999] == []


def _fill_roster(store):
    """Sightings in two districts, and a ward named like one of them, over ten articles."""
    start = datetime(2019, 1, 1, 8, 0)
    now = datetime(2026, 1, 1)
    places = [("district", "Thanh Trì"), ("district", "Sóc Sơn"), ("ward", "Thanh Trì")]
    holders = {"hdnd_chair": ["Trần Văn Khương", "Trần Công Thành"], "ubnd_chair": ["Nguyễn Tiến Cường"]}
    with store.engine.begin() as conn:
        conn.execute(insert(Site), [{"id": 1, "name": "thanhtri", "url": "http://thanhtri.test.local/",
                                     "district": "Thanh Trì", "platform": "generic", "config": {},
                                     "created_at": now}])
        conn.execute(insert(Article), [
            {"id": i, "url": f"http://thanhtri.test.local/tin/{i}.html", "site_id": 1, "title": f"Tin {i}",
             "published": start + timedelta(days=60 * i), "body": "…", "canonical_text": "…",
             "body_hash": f"{i:064x}", "minhash": b"\0" * 16, "name_keys": [], "group_id": i, "version": 1,
             "first_seen": now, "last_seen": now, "category": None} for i in range(1, 11)])
        rows = []
        for i in range(1, 11):
            for scope, place in places:
                for post, names in holders.items():
                    rows.append({"article_id": i, "place_key": place_key(scope, place), "place": place,
                                 "scope": scope, "post": post, "name": names[(i - 1) * len(names) // 10],
                                 "source": "seen", "evidence": "…",
                                 "published": start + timedelta(days=60 * i)})
        conn.execute(insert(RosterSighting), rows)


def test_a_places_roster_is_the_whole_rosters_entries_of_that_place(store):
    _fill_roster(store)
    every = roster_entries(store)
    assert len(every) == 6
    # Typed with other case and tone placement ("Trì"/"TRÌ"); both the district and the ward come back.
    for typed in ("Thanh Trì", "THANH TRÌ", "thanh trì"):
        assert roster_entries(store, district=typed) == [e for e in every if fold(e["place"]) == fold(typed)]
    thanh_tri = roster_entries(store, district="Thanh Trì")
    assert {(e["scope"], e["post"]) for e in thanh_tri} == {(s, p) for s in ("district", "ward")
                                                            for p in ("hdnd_chair", "ubnd_chair")}
    chair = next(e for e in thanh_tri if e["scope"] == "district" and e["post"] == "hdnd_chair")
    assert [h["name"] for h in chair["holders"]] == ["Trần Văn Khương", "Trần Công Thành"]
    assert roster_entries(store, district="Sóc Sơn", at=datetime(2019, 6, 1)) == [
        e for e in roster_entries(store, at=datetime(2019, 6, 1)) if e["place"] == "Sóc Sơn"]
    assert roster_entries(store, district="Mê Linh") == []
