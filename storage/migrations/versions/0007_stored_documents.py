"""events.document and .headline, roster_tenures.document: each event and holder stored ready to print

Revision ID: 0007
Revises: 0006

`events` and `roster` of a whole store at a million articles spent most of their time
decoding JSON payloads (each holder's URL list) and encoding them again. The upgrade
writes the document of every stored event and tenure from its columns, with the
functions the store writes them with since (storage.event_document).
"""
from alembic import op
import sqlalchemy as sa

from storage.event_document import document_text, event_headline, event_json, holder_json

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_EVENTS = sa.table("events", sa.column("id", sa.String), sa.column("type", sa.String),
                   sa.column("district", sa.String), sa.column("detected_at", sa.DateTime),
                   sa.column("article_urls", sa.JSON), sa.column("payload", sa.JSON),
                   sa.column("document", sa.Text), sa.column("headline", sa.Text))
_TENURES = sa.table("roster_tenures", sa.column("place_key", sa.String), sa.column("post", sa.String),
                    sa.column("seq", sa.Integer), sa.column("name", sa.String),
                    sa.column("first_seen", sa.DateTime), sa.column("last_seen", sa.DateTime),
                    sa.column("article_urls", sa.JSON), sa.column("document", sa.Text))


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("document", sa.Text(), nullable=True))
        batch.add_column(sa.Column("headline", sa.Text(), nullable=True))
    with op.batch_alter_table("roster_tenures") as batch:
        batch.add_column(sa.Column("document", sa.Text(), nullable=True))
    bind = op.get_bind()
    e, t = _EVENTS.c, _TENURES.c
    documents = [event_json(row) for row in bind.execute(
        sa.select(e.id, e.type, e.district, e.detected_at, e.article_urls, e.payload))]
    if documents:
        bind.execute(_EVENTS.update().where(e.id == sa.bindparam("row_id")).values(
            document=sa.bindparam("doc"), headline=sa.bindparam("head")),
            [{"row_id": d["id"], "doc": document_text(d), "head": document_text(event_headline(d))} for d in documents])
    tenures = [{"k": row.place_key, "p": row.post, "s": row.seq,
                "doc": document_text(holder_json(row.name, row.first_seen, row.last_seen, row.article_urls))}
               for row in bind.execute(sa.select(t.place_key, t.post, t.seq, t.name, t.first_seen, t.last_seen,
                                                 t.article_urls))]
    if tenures:
        bind.execute(_TENURES.update().where(t.place_key == sa.bindparam("k"), t.post == sa.bindparam("p"),
                                             t.seq == sa.bindparam("s")).values(document=sa.bindparam("doc")),
                     tenures)


def downgrade() -> None:
    with op.batch_alter_table("roster_tenures") as batch:
        batch.drop_column("document")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("headline")
        batch.drop_column("document")
