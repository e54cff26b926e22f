"""APScheduler 3 jobs from the site registry: one per site, kept in the
project's database (SQLAlchemyJobStore) so the next run survives a restart.

A job's name spells out its schedule; a job whose name still matches the
registry keeps its stored next run time, any other is replaced, and jobs of
sites gone from the registry are removed.

The stored next run time is not the whole truth after a restart: a job
APScheduler had already handed to its pool when the daemon stopped has its
next run an interval away though its crawl never ran (or was cut short). So
on start the daemon asks the crawl runs which sites are due (``due_sites``)
and brings their first runs forward, spread over the first minute
(``first_runs``), whatever the job store says.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, func, inspect, or_, select, text

from crawler.registry import Registry, Schedule
from storage.models import CrawlRun, Site
from storage.store import Store

log = logging.getLogger("portalwatch.daemon")

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "site:"
JOB_FUNC = "monitor.daemon:run_scheduled_crawl"
_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# The error of a run a stop cut short starts with one of these (monitor.daemon
# and monitor.child write them): such a run does not count as the site's last crawl.
CUT_SHORT_PREFIXES = ("cut short:", "abandoned:")


def job_id(site: str) -> str:
    return JOB_PREFIX + site


def _cron_weekdays(field: str) -> str:
    """Crontab weekdays (0 or 7 = Sunday) as names: APScheduler 3 counts 0 as Monday."""
    days: list[str] = []
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            a, b = span.split("-", 1)
            if not (a.isdigit() and b.isdigit()):
                return field  # names such as mon-fri mean the same to both
            first, last = int(a), int(b)
        elif span.isdigit():
            first = last = int(span)
        else:
            return field
        days += [_CRON_DAYS[n % 7] for n in range(first, last + 1, step)]
    return ",".join(dict.fromkeys(days))


def trigger_for(schedule: Schedule, tz: Any) -> IntervalTrigger | CronTrigger:
    jitter = schedule.jitter_seconds or None
    if schedule.cron:
        minute, hour, day, month, weekday = schedule.cron.split()
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=weekday if weekday == "*" else _cron_weekdays(weekday),
                           timezone=tz, jitter=jitter)
    return IntervalTrigger(seconds=schedule.interval_seconds, timezone=tz, jitter=jitter)


def describe(site: str, schedule: Schedule) -> str:
    when = f"cron '{schedule.cron}'" if schedule.cron else f"every {schedule.interval_seconds}s"
    return f"crawl {site} {when} jitter {schedule.jitter_seconds}s"


def build_scheduler(engine: Engine, workers: int, misfire_grace_seconds: int, tz: Any) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=workers)},
        # One crawl of a site at a time; runs missed while down or busy become one
        # run, if not later than the grace time.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": misfire_grace_seconds},
        timezone=tz)


def period_seconds(schedule: Schedule, tz: Any, now: datetime) -> float:
    """How long the schedule waits between two crawls (for cron, the gap after its next fire)."""
    if not schedule.cron:
        return float(schedule.interval_seconds or 0)
    trigger = trigger_for(Schedule(interval_seconds=None, cron=schedule.cron, jitter_seconds=0), tz)
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first + timedelta(seconds=1)) if first else None
    return (second - first).total_seconds() if first and second else 0.0


def last_finished_crawls(store: Store) -> dict[str, datetime]:
    """{site: when its last crawl finished (naive UTC)}, counting crawls that ran to
    their end (ok, partial or failed) and not those a stop cut short."""
    not_cut = [or_(CrawlRun.error.is_(None), ~CrawlRun.error.startswith(prefix)) for prefix in CUT_SHORT_PREFIXES]
    with store.session() as s:
        rows = s.execute(select(Site.name, func.max(CrawlRun.finished_at))
                         .join(CrawlRun, CrawlRun.site_id == Site.id)
                         .where(CrawlRun.kind == "crawl", CrawlRun.status != "running",
                                CrawlRun.finished_at.is_not(None), *not_cut)
                         .group_by(Site.name)).all()
    return {name: finished for name, finished in rows}


def due_sites(store: Store, registry: Registry, tz: Any, now: datetime | None = None) -> list[str]:
    """The sites, in registry order, whose last finished crawl is older than their
    period, or that have none."""
    now = now or datetime.now(timezone.utc)
    last = last_finished_crawls(store)
    naive_now = now.astimezone(timezone.utc).replace(tzinfo=None)
    return [site.name for site in registry.sites
            if site.name not in last
            or (naive_now - last[site.name]).total_seconds() >= period_seconds(site.schedule, tz, now)]


def first_runs(sites: Sequence[str], spread_seconds: float,
               now: datetime | None = None) -> dict[str, datetime]:
    """{site: when to crawl it first}: evenly over ``spread_seconds``, the first at once,
    so a restart does not send every crawl out in the same second."""
    now = now or datetime.now(timezone.utc)
    step = spread_seconds / len(sites) if sites else 0.0
    return {name: now + timedelta(seconds=i * step) for i, name in enumerate(sites)}


def sync_jobs(scheduler: BackgroundScheduler, registry: Registry,
              due: Mapping[str, datetime] | None = None, *, overrule_kept: bool = True) -> dict[str, str]:
    """Makes the scheduler's jobs match the registry; returns {site: what was done}.

    ``due`` gives the first run of the sites to crawl soon; an added or
    rescheduled job of another site waits for its trigger. A kept job's stored
    next run gives way to ``due`` only with ``overrule_kept`` (on start: a
    running scheduler's own next run times are right)."""
    due = due or {}
    wanted = {site.name: site for site in registry.sites}
    done: dict[str, str] = {}
    for job in scheduler.get_jobs():
        if job.id.startswith(JOB_PREFIX) and job.id[len(JOB_PREFIX):] not in wanted:
            scheduler.remove_job(job.id)
            done[job.id[len(JOB_PREFIX):]] = "removed"
    for name, site in wanted.items():
        existing = scheduler.get_job(job_id(name))
        description = describe(name, site.schedule)
        if existing is not None and existing.name == description:
            if overrule_kept and name in due:
                scheduler.modify_job(job_id(name), next_run_time=due[name])
                done[name] = "kept, due now"
            else:
                done[name] = "kept"
            continue
        options: dict[str, Any] = {"next_run_time": due[name]} if name in due else {}
        scheduler.add_job(JOB_FUNC, trigger_for(site.schedule, scheduler.timezone), args=[name],
                          id=job_id(name), name=description, replace_existing=True, **options)
        done[name] = "added" if existing is None else "rescheduled"
    return done


def stored_next_runs(engine: Engine) -> dict[str, datetime | None]:
    """{site: next run (naive UTC)} from the job store, without unpickling jobs;
    readable while the daemon is down (then a past time means overdue)."""
    if not inspect(engine).has_table(JOBS_TABLE):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT id, next_run_time FROM {JOBS_TABLE}")).all()
    return {job[len(JOB_PREFIX):]: (datetime.fromtimestamp(ts, timezone.utc).replace(tzinfo=None)
                                    if ts is not None else None)
            for job, ts in rows if job.startswith(JOB_PREFIX)}
