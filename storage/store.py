"""The store: articles with their URLs and versions, sites and crawl runs.

Every write is one transaction: an article, its URL, its first version and its
LSH band keys land together or not at all. ``save_articles`` lets several
articles share one (a crawl's writer does), still each whole or not at all.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage import db
from storage.canonical import CanonicalArticle, format_article
from storage.clock import utcnow
from storage.errors import OperationError
from storage.redact import mask_secrets
from storage.sites import SiteSpec
from storage.models import Article, ArticleBand, ArticleUrl, ArticleVersion, CrawlRun, Site
from storage import sites as sites_module
from storage.models_facts import AnalysisQueue

# storage.dedup (NumPy, rensa: ~0.05-0.1 CPU-s to import) is imported by the saves that need a
# fingerprint, not with the store: a crawl that finds nothing new, `status`, `events` never do.
if TYPE_CHECKING:
    from storage.dedup import Fingerprint


_ARTICLES, _URLS = Article.__table__, ArticleUrl.__table__
_VERSIONS, _BANDS = ArticleVersion.__table__, ArticleBand.__table__
_QUEUE = AnalysisQueue.__table__
# Built once: SQLAlchemy caches their compiled form by identity.
_KNOWN_URL = (select(_URLS.c.id.label("url_id"), _URLS.c.etag, _URLS.c.last_modified, _ARTICLES.c.id,
                     _ARTICLES.c.group_id, _ARTICLES.c.version, _ARTICLES.c.canonical_text)
              .join(_ARTICLES, _URLS.c.article_id == _ARTICLES.c.id)
              .where(_URLS.c.url == bindparam("url")))
_SAME_BODY = (select(_ARTICLES.c.id, _ARTICLES.c.group_id)
              .where(_ARTICLES.c.body_hash == bindparam("body_hash")).order_by(_ARTICLES.c.id).limit(1))
_CANDIDATES = (select(_ARTICLES.c.id, _ARTICLES.c.group_id, _ARTICLES.c.minhash, _ARTICLES.c.name_keys)
               .where(_ARTICLES.c.id.in_(select(_BANDS.c.article_id)
                                         .where(_BANDS.c.band_key.in_(bindparam("keys", expanding=True)))))
               .where(_ARTICLES.c.id != bindparam("article_id")).order_by(_ARTICLES.c.id))
# The candidates of a whole batch, by band key (_BatchCandidates).
_BAND_CANDIDATES = (select(_BANDS.c.band_key, _ARTICLES.c.id, _ARTICLES.c.group_id, _ARTICLES.c.minhash,
                           _ARTICLES.c.name_keys).join(_ARTICLES, _ARTICLES.c.id == _BANDS.c.article_id)
                    .where(_BANDS.c.band_key.in_(bindparam("keys", expanding=True))))
_KNOWN_URLS = select(_URLS.c.url).where(_URLS.c.url.in_(bindparam("urls", expanding=True)))
# Bound parameters per statement, well under SQLite's limit (32,766) and cheap to plan.
_KEYS_PER_QUERY = 2000
# The columns to SET come from each call's parameters.
_UPDATE_URL = update(_URLS).where(_URLS.c.id == bindparam("row_id"))
_UPDATE_ARTICLE = update(_ARTICLES).where(_ARTICLES.c.id == bindparam("row_id"))


class _BatchCandidates:
    """The near-duplicate candidates of a save_articles batch: read by one query for the band keys
    of all its new articles rather than one query per article, then kept as the batch writes
    bands (a new article, an edit), so each article finds what _CANDIDATES would have found."""

    def __init__(self) -> None:
        # band key -> article id -> (group_id, minhash bytes, name keys), as the columns hold them
        self._by_key: dict[int, dict[int, tuple]] = {}
        self._keys_of: dict[int, set[int]] = {}  # article id -> its band keys held here

    @classmethod
    def read(cls, conn: Connection, fingerprints: Iterable[Fingerprint]) -> _BatchCandidates:
        from storage.dedup import band_keys

        found = cls()
        keys = sorted({k for fp in fingerprints for k in band_keys(fp.sig)})
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            for key, article_id, group_id, sig, names in conn.execute(
                    _BAND_CANDIDATES, {"keys": keys[start:start + _KEYS_PER_QUERY]}):
                found._by_key.setdefault(key, {})[article_id] = (group_id, sig, names)
                found._keys_of.setdefault(article_id, set()).add(key)
        return found

    def candidates(self, fp: Fingerprint, article_id: int) -> list[tuple]:
        """(id, group_id, minhash, name_keys) of every other article sharing a band, in order of id."""
        from storage.dedup import band_keys

        found: dict[int, tuple] = {}
        for key in set(band_keys(fp.sig)):
            found.update(self._by_key.get(key, {}))
        found.pop(article_id, None)
        return [(i, *found[i]) for i in sorted(found)]

    def put(self, article_id: int, group_id: int | None, fp: Fingerprint) -> None:
        """The article's bands as the batch has just written them (replacing any earlier ones)."""
        from storage.dedup import band_keys, signature_bytes

        for key in self._keys_of.pop(article_id, ()):
            self._by_key[key].pop(article_id, None)
        row, keys = (group_id, signature_bytes(fp.sig), sorted(fp.keys)), set(band_keys(fp.sig))
        for key in keys:
            self._by_key.setdefault(key, {})[article_id] = row
        self._keys_of[article_id] = keys


def _save_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """save_article's keyword arguments, defaults filled in, for _save."""
    return {"portal_id": None, "etag": None, "last_modified": None, "district": None, **kwargs}


@dataclass(frozen=True)
class SaveOutcome:
    status: str  # new | duplicate | unchanged | changed
    article_id: int
    group_id: int


@dataclass(frozen=True)
class UrlState:
    url: str
    article_id: int
    etag: str | None
    last_modified: str | None
    published: datetime


def text_diff(old: str, new: str, url: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"{url} (before)", tofile=f"{url} (after)"))


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._site_ids: dict[str, int] = {}  # site name -> committed row id; site rows are never deleted

    @classmethod
    def open(cls, url: str) -> Store:
        engine = db.create_db_engine(url)
        try:
            db.upgrade(engine)
        except (OperationalError, OSError) as exc:
            raise db.unusable_database(url, exc) from None
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # --- sites ----------------------------------------------------------------

    def sync_sites(self, sites: Iterable[SiteSpec]) -> None:
        with self.engine.begin() as conn:
            sites_module.sync_sites(conn, sites)

    # --- crawl runs -------------------------------------------------------------

    def start_crawl_run(self, site_name: str, kind: str, owner: str | None = None) -> int:
        with self.session() as s:
            run = CrawlRun(site_id=sites_module.site_id(s.connection(), site_name), kind=kind, status="running",
                           started_at=utcnow(), figures={}, owner=owner)
            s.add(run)
            s.flush()
            return run.id

    def finish_crawl_run(self, run_id: int, status: str, figures: dict, error: str | None = None) -> None:
        with self.session() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                raise OperationError(f"there is no crawl run {run_id}.")
            masked = mask_secrets(error) if error else error  # status and the web view show it
            run.status, run.figures, run.error, run.finished_at = status, dict(figures), masked, utcnow()

    # --- URLs -------------------------------------------------------------------

    def known_urls(self, site_name: str) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(ArticleUrl.url).join(Site, ArticleUrl.site_id == Site.id)
                                 .where(Site.name == site_name)))

    def url_states(self, site_name: str, since: date | None = None,
                   urls: list[str] | None = None) -> list[UrlState]:
        """The site's web URLs to fetch again: an imported file's file:// URL is
        not the portal's, and a crawler must never read local files."""
        query = (select(ArticleUrl, Article.published)
                 .join(Article, ArticleUrl.article_id == Article.id)
                 .join(Site, ArticleUrl.site_id == Site.id).where(Site.name == site_name)
                 .where(ArticleUrl.url.like("http://%") | ArticleUrl.url.like("https://%")))
        if since is not None:
            query = query.where(Article.published >= datetime.combine(since, datetime.min.time()))
        if urls:
            query = query.where(ArticleUrl.url.in_(urls))
        with self.session() as s:
            return [UrlState(u.url, u.article_id, u.etag, u.last_modified, published)
                    for u, published in s.execute(query.order_by(Article.published.desc()))]

    # --- articles ---------------------------------------------------------------

    def save_article(self, article: CanonicalArticle, *, url: str, site: str,
                     portal_id: str | None = None, etag: str | None = None,
                     last_modified: str | None = None, district: str | None = None) -> SaveOutcome:
        """Stores one fetched article; see SaveOutcome.status for what happened."""
        from storage.dedup import Fingerprint

        fingerprint = functools.cache(lambda: Fingerprint.of(article.body))
        for attempt in range(3):
            try:
                created: list[tuple[str, int]] = []
                with self.engine.begin() as conn:
                    outcome = self._save(conn, article, fingerprint, created, url=url, site=site,
                                         portal_id=portal_id, etag=etag, last_modified=last_modified,
                                         district=district)
                # Only a committed site row may be remembered: a rolled-back one has no id.
                self._site_ids.update(created)
                return outcome
            except IntegrityError:
                # Another process stored the same URL (or site) between our read
                # and our write: read again, it is now known.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def save_articles(self, calls: Sequence[tuple[CanonicalArticle, dict[str, Any]]]
                      ) -> list[SaveOutcome | Exception]:
        """``save_article(article, **kwargs)`` for each call, in order, with the same outcomes.

        They share one transaction (one commit instead of one each: on SQLite a
        commit is about a third of the cost of saving an article); should any of them
        fail, that transaction is rolled back and each is saved again in its
        own, so a bad article costs the others nothing and is returned as its
        exception. Either way every article is stored whole or not at all.
        """
        if len(calls) > 1:
            from storage.dedup import Fingerprint

            created: list[tuple[str, int]] = []
            try:
                with self.engine.begin() as conn:
                    fingerprints = [functools.cache(functools.partial(Fingerprint.of, article.body))
                                    for article, _ in calls]
                    nearby = self._batch_candidates(conn, calls, fingerprints)
                    outcomes: list[SaveOutcome | Exception] = [
                        self._save(conn, article, fingerprint, created, nearby=nearby, **_save_kwargs(kwargs))
                        for (article, kwargs), fingerprint in zip(calls, fingerprints)]
            except Exception:  # noqa: BLE001 - nothing was kept; each one again, alone
                pass
            else:
                self._site_ids.update(created)
                return outcomes
        results: list[SaveOutcome | Exception] = []
        for article, kwargs in calls:
            try:
                results.append(self.save_article(article, **kwargs))
            except Exception as exc:  # noqa: BLE001 - the caller reports it per article
                results.append(exc)
        return results

    @staticmethod
    def _batch_candidates(conn: Connection, calls: Sequence[tuple[CanonicalArticle, dict[str, Any]]],
                          fingerprints: list[Callable[[], Fingerprint]]) -> _BatchCandidates:
        """The stored candidates of the batch's articles at URLs not known yet (only those can be
        new; a known URL's re-fetch needs no fingerprint unless its text changed)."""
        known = set(conn.scalars(_KNOWN_URLS, {"urls": sorted({kwargs["url"] for _, kwargs in calls})}))
        return _BatchCandidates.read(conn, [fingerprint() for (_, kwargs), fingerprint in zip(calls, fingerprints)
                                            if kwargs["url"] not in known])

    def _site_id(self, conn: Connection, name: str, district: str | None,
                 created: list[tuple[str, int]]) -> int:
        site_id = self._site_ids.get(name)
        if site_id is not None:
            return site_id
        site_id = sites_module.site_id(conn, name, district)
        created.append((name, site_id))
        return site_id

    # The hot path of a crawl: Core statements on one connection, not the ORM,
    # whose unit of work cost several times the SQL itself per article.
    def _save(self, conn: Connection, article: CanonicalArticle, fingerprint: Callable[[], Fingerprint],
              created: list[tuple[str, int]], *, url: str, site: str, portal_id: str | None,
              etag: str | None, last_modified: str | None, district: str | None,
              nearby: _BatchCandidates | None = None) -> SaveOutcome:
        """``fingerprint`` is computed only when needed: an unchanged re-fetch,
        the common case of a re-crawl, needs none. ``nearby``: the batch's candidates read
        at once (save_articles), else each new article queries its own."""
        now = utcnow()
        text = format_article(article)
        known = conn.execute(_KNOWN_URL, {"url": url}).first()
        if known is not None:
            conn.execute(_UPDATE_URL, {"row_id": known.url_id, "last_seen": now, "etag": etag or known.etag,
                                       "last_modified": last_modified or known.last_modified})
            group = known.group_id or known.id
            if known.canonical_text == text:
                conn.execute(_UPDATE_ARTICLE, {"row_id": known.id, "last_seen": now})
                return SaveOutcome("unchanged", known.id, group)
            fp = fingerprint()
            version = known.version + 1
            conn.execute(_UPDATE_ARTICLE, {"row_id": known.id, "last_seen": now, "version": version,
                                           **self._fields(article, fp, text)})
            conn.execute(insert(_VERSIONS), dict(
                article_id=known.id, version=version, url=url, title=article.title, canonical_text=text,
                body_hash=fp.exact, diff=text_diff(known.canonical_text, text, url), fetched_at=now))
            conn.execute(delete(_BANDS).where(_BANDS.c.article_id == known.id))
            self._insert_bands(conn, known.id, fp)
            if nearby is not None:
                nearby.put(known.id, known.group_id, fp)
            # The new version replaces any older one still waiting: the analyser reads the newest.
            conn.execute(delete(_QUEUE).where(_QUEUE.c.article_id == known.id))
            conn.execute(insert(_QUEUE), {"article_id": known.id, "version": version,
                                          "published": article.published})
            return SaveOutcome("changed", known.id, group)

        site_id = self._site_id(conn, site, district, created)
        fp = fingerprint()
        url_row = dict(site_id=site_id, url=url, portal_id=portal_id, etag=etag,
                       last_modified=last_modified, first_seen=now, last_seen=now)
        same_body = conn.execute(_SAME_BODY, {"body_hash": fp.exact}).first()
        if same_body is not None:
            conn.execute(insert(_URLS), {"article_id": same_body.id, **url_row})
            conn.execute(_UPDATE_ARTICLE, {"row_id": same_body.id, "last_seen": now})
            return SaveOutcome("duplicate", same_body.id, same_body.group_id or same_body.id)

        article_id = conn.execute(insert(_ARTICLES), dict(
            url=url, site_id=site_id, portal_id=portal_id, first_seen=now, last_seen=now, etag=etag,
            last_modified=last_modified, version=1, **self._fields(article, fp, text))
        ).inserted_primary_key[0]
        conn.execute(insert(_URLS), {"article_id": article_id, **url_row})
        conn.execute(insert(_VERSIONS), dict(
            article_id=article_id, version=1, url=url, title=article.title, canonical_text=text,
            body_hash=fp.exact, diff=None, fetched_at=now))
        group_id = self._near_duplicate_group(conn, article_id, fp, nearby) or article_id
        conn.execute(_UPDATE_ARTICLE, {"row_id": article_id, "group_id": group_id})
        self._insert_bands(conn, article_id, fp)
        if nearby is not None:
            nearby.put(article_id, group_id, fp)
        conn.execute(insert(_QUEUE), {"article_id": article_id, "version": 1, "published": article.published})
        return SaveOutcome("new", article_id, group_id)

    @staticmethod
    def _fields(article: CanonicalArticle, fp: Fingerprint, text: str) -> dict:
        from storage.dedup import signature_bytes

        return dict(category=article.category, title=article.title, published=article.published,
                    views=article.views, byline=article.byline, body=article.body, canonical_text=text,
                    body_hash=fp.exact, minhash=signature_bytes(fp.sig), name_keys=sorted(fp.keys))

    @staticmethod
    def _insert_bands(conn: Connection, article_id: int, fp: Fingerprint) -> None:
        from storage.dedup import band_keys

        # One executemany (one multi-row INSERT on PostgreSQL) for the 20 keys.
        conn.execute(insert(_BANDS), [{"article_id": article_id, "band_key": k}
                                      for k in sorted(set(band_keys(fp.sig)))])

    @staticmethod
    def _near_duplicate_group(conn: Connection, article_id: int, fp: Fingerprint,
                              nearby: _BatchCandidates | None = None) -> int | None:
        """The group of the earliest stored near-duplicate, if any."""
        from storage.dedup import NameSets, band_keys, signature_from_bytes

        if nearby is not None:
            candidates = nearby.candidates(fp, article_id)
        else:
            candidates = conn.execute(_CANDIDATES, {"keys": sorted(set(band_keys(fp.sig))), "article_id": article_id})
        for cand_id, group_id, sig, names in candidates:
            if fp.matches(signature_from_bytes(sig), NameSets.of(names or ())):
                return group_id or cand_id
        return None

    def touch_url(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(_URLS.c.id, _URLS.c.article_id, _URLS.c.etag, _URLS.c.last_modified)
                               .where(_URLS.c.url == url)).first()
            if row is not None:
                now = utcnow()
                conn.execute(_UPDATE_URL, {"row_id": row.id, "last_seen": now, "etag": etag or row.etag,
                                           "last_modified": last_modified or row.last_modified})
                conn.execute(_UPDATE_ARTICLE, {"row_id": row.article_id, "last_seen": now})

    # --- reading ----------------------------------------------------------------

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every article in order of publication, with its site and URLs loaded."""
        with self.session() as s:
            ids = list(s.scalars(select(Article.id).order_by(Article.published, Article.id)))
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            with self.session() as s:
                rows = {row.id: row for row in s.scalars(
                    select(Article).where(Article.id.in_(chunk))
                    .options(selectinload(Article.site), selectinload(Article.urls)))}
            yield from (rows[i] for i in chunk if i in rows)

    def count_articles(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count(Article.id))) or 0
