"""`portalwatch sites`: list the registry."""

from __future__ import annotations

import json

import click


@click.command("sites")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def sites(app, as_json: bool) -> None:
    """List the sites of the registry."""
    for site in app.registry.sites:
        if as_json:
            schedule = ({"cron": site.schedule.cron} if site.schedule.cron
                        else {"interval_seconds": site.schedule.interval_seconds})
            click.echo(json.dumps({
                "name": site.name, "url": site.url, "district": site.district,
                "platform": site.platform, "schedule": schedule,
                "allowed_domains": list(site.allowed_domains),
                "download_delay": site.download_delay,
            }, ensure_ascii=False))
        else:
            click.echo(f"{site.name:<16} {site.platform:<10} {site.district:<16} {site.url}")
