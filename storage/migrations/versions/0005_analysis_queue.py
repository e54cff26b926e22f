"""analysis queue and lease; events keyed by folded place and by post

Revision ID: 0005
Revises: 0004

``analysis_queue`` holds the article versions the detectors have not read yet,
written by the save that stores them, so the analyser no longer compares every
article with its facts; the upgrade queues the articles not analysed in their
current version. ``analysis_lease`` is the one row that says which process
analyses now. ``events.district_key`` (the place folded, without diacritics) and ``events.subject``
(place and post of a leadership change) let `events --district` and the
rebuild of one post find their events through an index. Every article's MinHash
signature and LSH band keys are computed again with rensa, whose signatures do not
compare with the numpy ones stored before.
"""
from alembic import op
import sqlalchemy as sa

from storage.normalize import district_search_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LEASE = "analysis"


def upgrade() -> None:
    op.create_table(
        "analysis_queue",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_analysis_queue_published", "analysis_queue", ["published", "article_id"])
    lease = op.create_table(
        "analysis_lease",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(lease, [{"name": LEASE, "owner": None, "expires_at": None}])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("district_key", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("subject", sa.String(length=320), nullable=True))
        batch.create_index("ix_events_district_key", ["district_key"])
        batch.create_index("ix_events_subject", ["subject"])

    bind = op.get_bind()
    meta = sa.MetaData()
    articles = sa.Table("articles", meta, sa.Column("id", sa.Integer), sa.Column("version", sa.Integer),
                        sa.Column("published", sa.DateTime))
    facts = sa.Table("article_facts", meta, sa.Column("article_id", sa.Integer), sa.Column("version", sa.Integer))
    queue = sa.Table("analysis_queue", meta, sa.Column("article_id", sa.Integer),
                     sa.Column("version", sa.Integer), sa.Column("published", sa.DateTime))
    events = sa.Table("events", meta, sa.Column("id", sa.String), sa.Column("type", sa.String),
                      sa.Column("district", sa.String), sa.Column("dedup_key", sa.String),
                      sa.Column("district_key", sa.String), sa.Column("subject", sa.String))
    # The articles the old full comparison would have found: never analysed, or edited since.
    unanalysed = (sa.select(articles.c.id, articles.c.version, articles.c.published)
                  .select_from(articles.outerjoin(facts, facts.c.article_id == articles.c.id))
                  .where(facts.c.article_id.is_(None) | (facts.c.version < articles.c.version)))
    bind.execute(queue.insert().from_select(["article_id", "version", "published"], unanalysed))
    # district_search_key() is Python's (diacritics, đ): the keys are computed here, one row at a time (events are few).
    for row in bind.execute(sa.select(events.c.id, events.c.type, events.c.district, events.c.dedup_key)).all():
        parts = row.dedup_key.split("|")
        subject = "|".join(parts[1:3]) if row.type == "leadership_change" and len(parts) >= 5 else None
        bind.execute(events.update().where(events.c.id == row.id).values(
            district_key=district_search_key(row.district) if row.district else None, subject=subject))
    _resign(bind, meta)


def _resign(bind, meta: sa.MetaData) -> None:
    """Signatures and band keys of rensa's MinHash, a batch of articles at a time."""
    # Here, not at the top: Alembic loads every revision file on each start, and NumPy is
    # not worth importing for a store that is already at its head.
    from storage.dedup import band_keys, signature, signature_bytes

    articles = sa.Table("articles", meta, sa.Column("id", sa.Integer), sa.Column("body", sa.Text),
                        sa.Column("minhash", sa.LargeBinary), extend_existing=True)
    bands = sa.Table("article_bands", meta, sa.Column("article_id", sa.Integer), sa.Column("band_key", sa.BigInteger))
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.body).where(articles.c.id > last)
                            .order_by(articles.c.id).limit(1000)).all()
        if not rows:
            return
        sigs = {row.id: signature(row.body) for row in rows}
        ids = list(sigs)
        bind.execute(articles.update().where(articles.c.id == sa.bindparam("row_id")),
                     [{"row_id": i, "minhash": signature_bytes(sig)} for i, sig in sigs.items()])
        bind.execute(bands.delete().where(bands.c.article_id.in_(ids)))
        bind.execute(bands.insert(), [{"article_id": i, "band_key": k}
                                      for i, sig in sigs.items() for k in sorted(set(band_keys(sig)))])
        last = ids[-1]


def downgrade() -> None:
    # The signatures stay rensa's: the code of 0004 would compare them with its own, so a
    # downgrade is for going up again, not for running the older code on this store.
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_subject")
        batch.drop_index("ix_events_district_key")
        batch.drop_column("subject")
        batch.drop_column("district_key")
    op.drop_table("analysis_lease")
    op.drop_index("ix_analysis_queue_published", table_name="analysis_queue")
    op.drop_table("analysis_queue")
