"""What the detectors read from each stored article, kept so that the roster
can be rebuilt in publication order without reading articles again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class ArticleFacts(Base):
    """The facts of one version of one article; ``version`` says which."""

    __tablename__ = "article_facts"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    analysed_at: Mapped[datetime] = mapped_column(DateTime)
    district: Mapped[str | None] = mapped_column(String(128))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RosterSighting(Base):
    """One article showing one person in one single-holder post."""

    __tablename__ = "roster_sightings"
    # A place's roster reads its posts' sightings in order of publication (migration 0004).
    __table_args__ = (Index("ix_roster_sightings_place_post_published", "place_key", "post", "published"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    place_key: Mapped[str] = mapped_column(String(256))  # "<scope>:<folded place>"
    place: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(16))
    post: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    published: Mapped[datetime] = mapped_column(DateTime)
    # "announced": the article announces this person's election/appointment.
    source: Mapped[str] = mapped_column(String(16))  # seen | announced
    evidence: Mapped[str] = mapped_column(Text)


class AnalysisQueue(Base):
    """One article version waiting for the detectors, written by the save that stored it: the
    analyser reads this short table in order of publication instead of every article (0005)."""

    __tablename__ = "analysis_queue"
    __table_args__ = (Index("ix_analysis_queue_published", "published", "article_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    published: Mapped[datetime] = mapped_column(DateTime)


class AnalysisLease(Base):
    """Who analyses the store now and until when: one analyser at a time, so two never read the
    same article nor race to store the same event. An analyser that dies frees it by expiring."""

    __tablename__ = "analysis_lease"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(128))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)


class RosterTenure(Base):
    """One holder's run in one post, as the analysis last rebuilt the post's history: `roster`
    prints these rows instead of grouping every sighting of the store again (0006).

    ``seq`` counts the post's tenures from 0 in order of publication. A post with sightings and
    no rows here (sightings stored before this table) is grouped from its sightings."""

    __tablename__ = "roster_tenures"

    place_key: Mapped[str] = mapped_column(String(256), primary_key=True)
    post: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    place: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    article_urls: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Where the tenure's first sighting stands in the post's history (monitor.roster.order_key
    # with first_seen): a later sighting's rebuild starts from a tenure that begins before it.
    first_announced: Mapped[bool] = mapped_column(Boolean)
    first_url: Mapped[str] = mapped_column(String(2048))
    first_article_id: Mapped[int] = mapped_column(Integer)
    # The holder as `roster --json` prints it (storage.event_document.holder_json, encoded), written
    # with the row by monitor.roster_store: `roster` joins these texts without decoding URL lists (0007).
    document: Mapped[str | None] = mapped_column(Text)
