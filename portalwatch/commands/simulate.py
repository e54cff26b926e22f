"""`portalwatch simulate [--port N]`: serve the bundled portal simulator until Ctrl-C."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import click

from storage.errors import OperationError


@click.command("simulate")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port of the first site; the others take the next ones. Default: free ports.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--seed", type=int, default=2024, show_default=True, help="Seed of the generated content.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Size of the generated content (1 = about 30 articles per site).")
@click.option("--registry", "registry_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the registry YAML of the running sites.")
@click.option("--generic", is_flag=True, help="Write every site with platform: generic.")
@click.option("--platforms", "all_platforms", is_flag=True,
              help="Also serve the sites of the other CMSs (Drupal, WordPress, Joomla, DotNetNuke, "
                   "WebForms, Liferay 7, VNPT, Viettel).")
@click.pass_obj
def simulate(app, port: int | None, host: str, seed: int, scale: float, registry_path: Path | None,
             generic: bool, all_platforms: bool) -> None:
    """Serve simulated Hanoi portals (one port per site) until Ctrl-C."""
    from portalwatch.simulator import Simulator
    from portalwatch.simulator.content import content_root

    sim = Simulator(seed=seed, scale=scale, host=host, port=port or None, platforms=all_platforms,
                    content_root=content_root(app.settings.env))
    try:
        sim.start()
    except OSError as exc:
        raise OperationError(f"the simulator cannot listen on {host}:{port or 'a free port'} ({exc.strerror or exc}).") from exc
    if registry_path is None:
        registry_path = Path(tempfile.gettempdir()) / "portalwatch-simulator-sites.yaml"
    sim.write_registry(registry_path, generic=generic)
    for name, url in sim.urls.items():
        click.echo(f"{name:<16} {sim.site(name).spec.platform:<10} {url}/")
    first = next(iter(sim.urls.values()))
    click.echo(f"control: {first}/_sim/  (on every site)")
    click.echo(f"registry: {registry_path}")
    click.echo("Serving; Ctrl-C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
