"""`portalwatch export --format txt|jsonl|csv --out DIR|-`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from storage.errors import UsageError
from portalwatch.progress import progress
from storage.export import FORMATS, write_stream, write_txt_dir


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", required=True,
              help="Directory (txt: one file per article as <site>/<YYYY-MM-DD>_<id>.txt; "
                   "jsonl/csv: articles.<format>), or - for standard output.")
@click.pass_obj
def export(app, fmt: str, out: str) -> None:
    """Export every stored article, in order of publication."""
    store = app.existing_store
    rows = progress(store.iter_articles(), total=store.count_articles(), label="export")
    if out == "-":
        count = write_stream(rows, fmt, sys.stdout)
        click.echo(f"exported {count} articles", err=True)
        return
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out} exists and is not a directory.")
    try:
        target.mkdir(parents=True, exist_ok=True)
        if fmt == "txt":
            count = write_txt_dir(rows, target)
        else:
            path = target / f"articles.{fmt}"
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8", newline="" if fmt == "csv" else "\n") as stream:
                count = write_stream(rows, fmt, stream)
            tmp.replace(path)
    except OSError as exc:
        raise UsageError(f"cannot write the export to --out {out} ({exc.strerror or type(exc).__name__}).") from None
    click.echo(f"exported {count} articles to {target}")
