"""The store: articles with their URLs and versions, sites and crawl runs.

Every write is one transaction: an article, its URL, its first version and its
LSH band keys land together or not at all.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from portalwatch.errors import OperationError
from storage import db
from storage.canonical import CanonicalArticle, format_article
from storage.dedup import Fingerprint, NameSets, band_keys, signature_bytes, signature_from_bytes
from storage.models import Article, ArticleBand, ArticleUrl, ArticleVersion, CrawlRun, Site
from storage import models_facts  # noqa: F401  (its tables belong to the same schema)

if TYPE_CHECKING:
    from crawler.registry import Site as RegistrySite


def utcnow() -> datetime:
    """Naive UTC: one convention for every timestamp column, on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


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

    @classmethod
    def open(cls, url: str) -> Store:
        engine = db.create_db_engine(url)
        try:
            db.upgrade(engine)
        except OperationalError as exc:
            raise OperationError(f"cannot open the database {url}: {exc.orig}".rstrip(".") + ".") from exc
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # --- sites ----------------------------------------------------------------

    def sync_sites(self, sites: Iterable[RegistrySite]) -> None:
        """Registry sites as rows (new ones added, changed ones updated; none removed:
        their articles keep pointing at them)."""
        with self.session() as s:
            rows = {row.name: row for row in s.scalars(select(Site))}
            for site in sites:
                row = rows.get(site.name) or Site(name=site.name, created_at=utcnow())
                row.url, row.district, row.platform = site.url, site.district, site.platform
                row.config = {"allowed_domains": list(site.allowed_domains),
                              "download_delay": site.download_delay,
                              "alert_backfill": site.alert_backfill}
                s.add(row)

    def ensure_site(self, s: Session, name: str, district: str | None = None) -> Site:
        row = s.scalar(select(Site).where(Site.name == name))
        if row is None:
            row = Site(name=name, url="", district=district or "", platform="generic",
                       config={}, created_at=utcnow())
            s.add(row)
            s.flush()
        return row

    # --- crawl runs -------------------------------------------------------------

    def start_crawl_run(self, site_name: str, kind: str, owner: str | None = None) -> int:
        with self.session() as s:
            run = CrawlRun(site_id=self.ensure_site(s, site_name).id, kind=kind, status="running",
                           started_at=utcnow(), figures={}, owner=owner)
            s.add(run)
            s.flush()
            return run.id

    def finish_crawl_run(self, run_id: int, status: str, figures: dict, error: str | None = None) -> None:
        with self.session() as s:
            run = s.get(CrawlRun, run_id)
            if run is None:
                raise OperationError(f"there is no crawl run {run_id}.")
            run.status, run.figures, run.error, run.finished_at = status, dict(figures), error, utcnow()

    # --- URLs -------------------------------------------------------------------

    def known_urls(self, site_name: str) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(ArticleUrl.url).join(Site, ArticleUrl.site_id == Site.id)
                                 .where(Site.name == site_name)))

    def url_states(self, site_name: str, since: date | None = None,
                   urls: list[str] | None = None) -> list[UrlState]:
        query = (select(ArticleUrl, Article.published)
                 .join(Article, ArticleUrl.article_id == Article.id)
                 .join(Site, ArticleUrl.site_id == Site.id).where(Site.name == site_name))
        if since is not None:
            query = query.where(Article.published >= datetime.combine(since, datetime.min.time()))
        if urls:
            query = query.where(ArticleUrl.url.in_(urls))
        with self.session() as s:
            return [UrlState(u.url, u.article_id, u.etag, u.last_modified, published)
                    for u, published in s.execute(query.order_by(Article.published.desc()))]

    def touch_url(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.session() as s:
            row = s.scalar(select(ArticleUrl).where(ArticleUrl.url == url))
            if row is not None:
                row.last_seen = utcnow()
                row.etag, row.last_modified = etag or row.etag, last_modified or row.last_modified
                row.article.last_seen = row.last_seen

    # --- articles ---------------------------------------------------------------

    def save_article(self, article: CanonicalArticle, *, url: str, site: str,
                     portal_id: str | None = None, etag: str | None = None,
                     last_modified: str | None = None, district: str | None = None) -> SaveOutcome:
        """Stores one fetched article; see SaveOutcome.status for what happened."""
        fingerprint = functools.cache(lambda: Fingerprint.of(article.body))
        for attempt in range(3):
            try:
                with self.session() as s:
                    return self._save(s, article, fingerprint, url=url, site=site, portal_id=portal_id,
                                      etag=etag, last_modified=last_modified, district=district)
            except IntegrityError:
                # Another process stored the same URL between our read and our
                # write: read again, it is now a known URL.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _save(self, s: Session, article: CanonicalArticle, fingerprint: Callable[[], Fingerprint], *,
              url: str, site: str, portal_id: str | None, etag: str | None, last_modified: str | None,
              district: str | None) -> SaveOutcome:
        """``fingerprint`` is computed only when needed: an unchanged re-fetch,
        the common case of a re-crawl, needs none."""
        now = utcnow()
        text = format_article(article)
        known = s.scalar(select(ArticleUrl).where(ArticleUrl.url == url))
        if known is not None:
            known.last_seen = now
            known.etag, known.last_modified = etag or known.etag, last_modified or known.last_modified
            row = known.article
            row.last_seen = now
            if row.canonical_text == text:
                return SaveOutcome("unchanged", row.id, row.group_id or row.id)
            self._apply_edit(s, row, article, fingerprint(), text, url, now)
            return SaveOutcome("changed", row.id, row.group_id or row.id)

        site_row = self.ensure_site(s, site, district)
        fp = fingerprint()
        same_body = s.scalar(select(Article).where(Article.body_hash == fp.exact).order_by(Article.id).limit(1))
        if same_body is not None:
            s.add(ArticleUrl(article_id=same_body.id, site_id=site_row.id, url=url, portal_id=portal_id,
                             etag=etag, last_modified=last_modified, first_seen=now, last_seen=now))
            same_body.last_seen = now
            return SaveOutcome("duplicate", same_body.id, same_body.group_id or same_body.id)

        row = Article(url=url, site_id=site_row.id, portal_id=portal_id, first_seen=now, last_seen=now,
                      etag=etag, last_modified=last_modified, version=1)
        self._fill(row, article, fp, text)
        s.add(row)
        s.flush()
        row.group_id = self._near_duplicate_group(s, row.id, fp) or row.id
        s.add(ArticleUrl(article_id=row.id, site_id=site_row.id, url=url, portal_id=portal_id, etag=etag,
                         last_modified=last_modified, first_seen=now, last_seen=now))
        s.add(ArticleVersion(article_id=row.id, version=1, url=url, title=row.title, canonical_text=text,
                             body_hash=fp.exact, diff=None, fetched_at=now))
        s.add_all(ArticleBand(article_id=row.id, band_key=k) for k in set(band_keys(fp.sig)))
        return SaveOutcome("new", row.id, row.group_id)

    @staticmethod
    def _fill(row: Article, article: CanonicalArticle, fp: Fingerprint, text: str) -> None:
        row.category, row.title, row.published = article.category, article.title, article.published
        row.views, row.byline, row.body = article.views, article.byline, article.body
        row.canonical_text, row.body_hash = text, fp.exact
        row.minhash, row.name_keys = signature_bytes(fp.sig), sorted(fp.keys)

    def _apply_edit(self, s: Session, row: Article, article: CanonicalArticle, fp: Fingerprint,
                    text: str, url: str, now: datetime) -> None:
        diff = text_diff(row.canonical_text, text, url)
        row.version += 1
        self._fill(row, article, fp, text)
        s.add(ArticleVersion(article_id=row.id, version=row.version, url=url, title=row.title,
                             canonical_text=text, body_hash=fp.exact, diff=diff, fetched_at=now))
        s.execute(delete(ArticleBand).where(ArticleBand.article_id == row.id))
        s.add_all(ArticleBand(article_id=row.id, band_key=k) for k in set(band_keys(fp.sig)))

    @staticmethod
    def _near_duplicate_group(s: Session, article_id: int, fp: Fingerprint) -> int | None:
        """The group of the earliest stored near-duplicate, if any."""
        keys = list(set(band_keys(fp.sig)))
        candidates = s.execute(
            select(Article.id, Article.group_id, Article.minhash, Article.name_keys)
            .where(Article.id.in_(select(ArticleBand.article_id).where(ArticleBand.band_key.in_(keys))))
            .where(Article.id != article_id).order_by(Article.id))
        for cand_id, group_id, sig, names in candidates:
            if fp.matches(signature_from_bytes(sig), NameSets.of(names or ())):
                return group_id or cand_id
        return None

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
