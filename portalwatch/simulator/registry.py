"""The site registry (SPEC "Site registry") of a running simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from portalwatch.simulator.simulator import Simulator


def registry_entries(sim: Simulator, generic: bool = False) -> list[dict]:
    """One registry entry per site; ``generic`` switches every site to platform generic."""
    entries = []
    for name, runtime in sim.runtimes.items():
        if not runtime.url:
            raise RuntimeError("the simulator is not started: its sites have no URLs yet")
        entry = {"name": name, "url": runtime.url + "/", "district": runtime.spec.district,
                 "platform": "generic" if generic else runtime.spec.platform}
        if not generic and runtime.spec.platform == "hanoi_gov":
            # The API-driven lists are only reachable from category pages.
            entry["start_urls"] = [runtime.url + runtime.platform.category_path(c.slug)
                                   for c in runtime.spec.categories]
        entries.append(entry)
    return entries


def registry_yaml(sim: Simulator, generic: bool = False) -> str:
    header = "# Written by the portalwatch simulator; the ports change on every run.\n"
    return header + yaml.safe_dump({"sites": registry_entries(sim, generic)}, allow_unicode=True,
                                   sort_keys=False)
