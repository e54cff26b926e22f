"""crawl_runs.owner; APScheduler's job table under the migrations

Revision ID: 0003
Revises: 0002

``owner`` says which process runs a crawl: a daemon instance ("daemon:..."),
a distributed worker ("redis:..."), or NULL for a manual `portalwatch crawl`.

``apscheduler_jobs`` is created exactly as SQLAlchemyJobStore 3.11 creates it,
so the job store finds it existing. A database on which a daemon already ran
has it: it is kept as it is, with its jobs.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JOBS_TABLE = "apscheduler_jobs"


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=128), nullable=True))
    if not sa.inspect(op.get_bind()).has_table(JOBS_TABLE):
        op.create_table(
            JOBS_TABLE,
            sa.Column("id", sa.Unicode(length=191), nullable=False),
            sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
            sa.Column("job_state", sa.LargeBinary(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(f"ix_{JOBS_TABLE}_next_run_time", JOBS_TABLE, ["next_run_time"])


def downgrade() -> None:
    # The job store re-creates its table at the daemon's next start (a new site
    # is crawled at once), so nothing is lost that matters.
    op.drop_table(JOBS_TABLE)
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("owner")
