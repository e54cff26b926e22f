"""APScheduler 3 jobs from the site registry: one per site, kept in the
project's database (SQLAlchemyJobStore) so the next run survives a restart.

A job's name spells out its schedule; a job whose name still matches the
registry is left alone (its stored next run time stands), any other is
replaced, and jobs of sites gone from the registry are removed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, inspect, text

from crawler.registry import Registry, Schedule

log = logging.getLogger("portalwatch.daemon")

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "site:"
JOB_FUNC = "monitor.daemon:run_scheduled_crawl"
_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


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


def sync_jobs(scheduler: BackgroundScheduler, registry: Registry) -> dict[str, str]:
    """Makes the scheduler's jobs match the registry; returns {site: what was done}."""
    wanted = {site.name: site for site in registry.sites}
    done: dict[str, str] = {}
    for job in scheduler.get_jobs():
        if job.id.startswith(JOB_PREFIX) and job.id[len(JOB_PREFIX):] not in wanted:
            scheduler.remove_job(job.id)
            done[job.id[len(JOB_PREFIX):]] = "removed"
    now = datetime.now(timezone.utc)
    for name, site in wanted.items():
        existing = scheduler.get_job(job_id(name))
        description = describe(name, site.schedule)
        if existing is not None and existing.name == description:
            done[name] = "kept"
            continue
        options: dict[str, Any] = {}
        if existing is None:
            options["next_run_time"] = now  # a new site is crawled at once, then on schedule
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
