"""roster_tenures: each post's holders as the last rebuild of its history found them

Revision ID: 0006
Revises: 0005

`roster` read and grouped every sighting of the store (seconds at a million articles);
the rebuild of a post now keeps its tenures in ``roster_tenures``. Grouping sightings
into tenures is the monitor's logic, which a migration does not run: the upgrade leaves
the table empty, and a post with sightings but no tenures is grouped from its sightings
until an analysis rebuilds it.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_tenures",
        sa.Column("place_key", sa.String(length=256), nullable=False),
        sa.Column("post", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("place", sa.String(length=128), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("article_urls", sa.JSON(), nullable=False),
        sa.Column("first_announced", sa.Boolean(), nullable=False),
        sa.Column("first_url", sa.String(length=2048), nullable=False),
        sa.Column("first_article_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("place_key", "post", "seq"),
    )


def downgrade() -> None:
    op.drop_table("roster_tenures")
