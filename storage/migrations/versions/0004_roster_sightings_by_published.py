"""roster_sightings indexed by place, post and publication

Revision ID: 0004
Revises: 0003

The roster of one place reads its sightings by place_key and post in order of
publication; (place_key, post, published) serves that read, and every read the
old (place_key, post) index served, which it replaces.
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD = ("ix_roster_sightings_key", ["place_key", "post"])
NEW = ("ix_roster_sightings_place_post_published", ["place_key", "post", "published"])


def upgrade() -> None:
    with op.batch_alter_table("roster_sightings") as batch:
        batch.create_index(*NEW)
        batch.drop_index(OLD[0])


def downgrade() -> None:
    with op.batch_alter_table("roster_sightings") as batch:
        batch.create_index(*OLD)
        batch.drop_index(NEW[0])
