"""`portalwatch import FILE... [--site NAME]`: canonical text files into the store."""

from __future__ import annotations

from pathlib import Path

import click

from storage.errors import UsageError
from portalwatch.progress import progress
from storage.canonical import ArticleFormatError, read_article_file

LOCAL_SITE = "local"  # where imported articles of no registry site belong


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--site", "site_name", help="Site of the registry the articles belong to (default: 'local').")
@click.pass_obj
def import_files(app, files: tuple[Path, ...], site_name: str | None) -> None:
    """Import canonical (or page-copy) text files; each file's URL is file://<path>.

    A file that is not an article is reported and skipped; the others are
    imported, and the exit status is 2.
    """
    district = None
    if site_name and site_name != LOCAL_SITE:  # a typo would file the articles under a site of its own
        district = app.registry.get(site_name).district
    store = app.store
    counts: dict[str, int] = {}
    problems: list[str] = []
    for path in progress(files, total=len(files), label="import"):
        try:
            article = read_article_file(path)
        except ArticleFormatError as exc:
            problems.append(f"{path} {exc}")
            continue
        except OSError as exc:
            problems.append(f"{path} cannot be read ({exc.strerror or exc.__class__.__name__})")
            continue
        outcome = store.save_article(article, url=path.resolve().as_uri(), site=site_name or LOCAL_SITE,
                                     district=district)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
    events = app.analyse_pending()
    click.echo(f"imported {len(files) - len(problems)} of {len(files)} files: {summary}; {len(events)} new events")
    if problems:
        for problem in problems[:-1]:
            click.echo(f"portalwatch: {problem}.", err=True)
        raise UsageError(problems[-1] + ".")
