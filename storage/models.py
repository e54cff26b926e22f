"""SQLAlchemy models of the store.

The schema itself is owned by the Alembic migrations in storage/migrations;
these classes must match them (tests/storage/test_migrations.py checks).

An *article* is one text; the URLs it was seen at (one or several portals)
are rows of ``article_urls``. Edits keep every earlier text as a row of
``article_versions``. Near-duplicates (the same story republished with
another lead or footer) are separate articles sharing a ``group_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, String, Table, Text, Unicode, UniqueConstraint, event)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.normalize import district_search_key


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(2048))
    district: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(32), default="generic")
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)  # where it was first seen
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    portal_id: Mapped[str | None] = mapped_column(String(128))
    category: Mapped[str | None] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[datetime] = mapped_column(DateTime, index=True)
    views: Mapped[int | None] = mapped_column(Integer)
    byline: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    canonical_text: Mapped[str] = mapped_column(Text)
    body_hash: Mapped[str] = mapped_column(String(64), index=True)
    # MinHash signature (uint32 little-endian) for near-duplicate checks.
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    # Fingerprint of the names, dates and numbers that tell template siblings apart.
    name_keys: Mapped[list[Any]] = mapped_column(JSON, default=list)
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    etag: Mapped[str | None] = mapped_column(String(256))
    last_modified: Mapped[str | None] = mapped_column(String(64))

    site: Mapped[Site] = relationship()
    urls: Mapped[list[ArticleUrl]] = relationship(back_populates="article", order_by="ArticleUrl.id")
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.version")


class ArticleUrl(Base):
    """Every URL an article was seen at, with the HTTP validators of that URL."""

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    portal_id: Mapped[str | None] = mapped_column(String(128))
    etag: Mapped[str | None] = mapped_column(String(256))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)

    article: Mapped[Article] = relationship(back_populates="urls")
    site: Mapped[Site] = relationship()


class ArticleVersion(Base):
    """One text an article had; version 1 is the first seen, each edit adds one."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text)
    canonical_text: Mapped[str] = mapped_column(Text)
    body_hash: Mapped[str] = mapped_column(String(64))
    diff: Mapped[str | None] = mapped_column(Text)  # unified diff from the previous version
    fetched_at: Mapped[datetime] = mapped_column(DateTime)

    article: Mapped[Article] = relationship(back_populates="versions")


class ArticleBand(Base):
    """LSH band keys: the near-duplicate index lives in the database, so every
    process (CLI, daemon, workers) sees the same index without loading it."""

    __tablename__ = "article_bands"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (Index("ix_article_bands_band_key", "band_key"),)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # crawl | recrawl
    status: Mapped[str] = mapped_column(String(16))  # running | ok | partial | failed
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # "daemon:<instance>", "redis:<worker>", or NULL for a manual crawl: tells a
    # newly leading daemon which running runs died with their owner.
    owner: Mapped[str | None] = mapped_column(String(128))

    site: Mapped[Site] = relationship()


# APScheduler's own table (monitor.scheduling), created by migration 0003 with
# the schema SQLAlchemyJobStore 3.11 gives it; declared here so the schema and
# the models still match. Only APScheduler reads and writes it.
apscheduler_jobs = Table(
    "apscheduler_jobs", Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


def _district_key(context) -> str | None:
    district = context.get_current_parameters().get("district")
    return district_search_key(district) if district else None


class Event(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    district: Mapped[str | None] = mapped_column(String(128), index=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # What makes two sightings the same fact: one event per key.
    dedup_key: Mapped[str] = mapped_column(String(512), unique=True)
    article_urls: Mapped[list[Any]] = mapped_column(JSON, default=list)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    alert: Mapped[bool] = mapped_column(Boolean, default=True)
    # The place folded without diacritics (every spelling `--district` accepts has this key), so
    # listing one place's events is an indexed condition, not a filter over every event (0005).
    district_key: Mapped[str | None] = mapped_column(String(128), index=True, default=_district_key)
    # "<place_key>|<post>" of a leadership change: the events of one post found by an index
    # rather than by a prefix of dedup_key, which neither database's LIKE reliably indexes.
    subject: Mapped[str | None] = mapped_column(String(320), index=True)
    # The event as `events --json` prints it (storage.event_document), rewritten by every ORM write
    # of the row (the hooks below): listing every event reads one text each instead of decoding
    # and encoding payloads of URL lists again (0007).
    document: Mapped[str | None] = mapped_column(Text)
    # The document without URL lists and evidence (event_document.event_headline): what `events`
    # without --json reads, a fifteenth of a change's document.
    headline: Mapped[str | None] = mapped_column(Text)


# Below Event: event_document imports nothing of this module at run time.
from storage.event_document import fill_event_document  # noqa: E402

event.listen(Event, "before_insert", fill_event_document)
event.listen(Event, "before_update", fill_event_document)


class OutboxItem(Base):
    """One delivery of one event to one channel; rows are written in the
    transaction that stores the event, so none is lost."""

    __tablename__ = "alert_outbox"
    __table_args__ = (UniqueConstraint("event_id", "channel"),
                      Index("ix_alert_outbox_due", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
