"""The database password never shows on a command line: `ps` and /proc/PID/cmdline are
readable by every user of the machine. The daemon takes its URL from the environment,
and hands it to its crawl children the same way."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy.engine import make_url

from monitor_helpers import DaemonProcess, alert_env, simulator_sites, write_registry

PASSWORD = "Pw-in-argv-never-9f3c"  # PostgreSQL's trust authentication lets any password in


def _cmdlines() -> dict[int, str]:
    found = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


def test_no_command_line_holds_the_database_password(simulator, fresh_postgres_url, tmp_path, receiver):
    url = make_url(fresh_postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)
    sites = write_registry(tmp_path / "sites.yaml", simulator_sites(simulator, ["caugiay"], 3600))
    simulator.set_delay("caugiay", 0.3)  # a crawl long enough to be seen running
    daemon = DaemonProcess(url, sites, alert_env(receiver, PORTALWATCH_DB_URL=url), tmp_path / "daemon.log")
    daemon.command = [arg for arg in daemon.command if arg not in ("--db", url)]
    daemon.start()
    try:
        crawl_children, leaks = set(), {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not daemon.wait_for_log("crawl finished", timeout=0.05):
            for pid, cmdline in _cmdlines().items():
                if PASSWORD in cmdline:
                    leaks[pid] = cmdline
                if "portalwatch.cli" in cmdline and " crawl caugiay" in cmdline:
                    crawl_children.add(pid)
        assert daemon.wait_for_log("crawl finished", timeout=1, site="caugiay", returncode=0, problem=None), \
            (tmp_path / "daemon.log").read_text()[-3000:]
        assert crawl_children, "the crawl child was never seen running"
        assert not leaks, leaks
    finally:
        daemon.close()
