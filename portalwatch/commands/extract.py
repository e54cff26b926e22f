"""`portalwatch extract FILE... [--json]`: the detectors on canonical files, no store needed."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.detect import ArticleFacts, extract_facts
from storage.errors import UsageError
from storage.canonical import ArticleFormatError, read_article_file


def _summary(file: str, facts: ArticleFacts) -> str:
    """A few readable lines: the article, its signing, its people and changes."""
    a = facts.article
    lines = [f"{file}: {a.title} ({a.published_iso}, {facts.district or 'district unknown'})"]
    s = facts.signing
    if s:
        when = s.event_date.isoformat() if s.event_date else "date unknown"
        lines.append(f"  signing [{s.kind}] {', '.join(s.parties) or 'parties unknown'}"
                     f" · {s.period or 'period unknown'} · {when}")
    for person in facts.people:
        posts = "; ".join(f"{p.post}/{p.scope}" + (f" ({p.qualifier})" if p.qualifier else "")
                          for p in person.posts)
        lines.append(f"  {person.name}: {posts}")
    for c in facts.changes:
        lines.append(f"  change [{c.kind}] {c.post}/{c.scope}: {c.old_holder or '?'} -> {c.new_holder or '—'}")
    return "\n".join(lines)


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One SPEC object per file, one per line.")
@click.option("--district", default=None, help="The district the files come from, when known.")
def extract(files: tuple[Path, ...], as_json: bool, district: str | None) -> None:
    """Read signings, people and posts, and leadership changes from canonical article files."""
    bad: list[str] = []
    for path in files:
        try:
            article = read_article_file(path)
        except (ArticleFormatError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            click.echo(f"portalwatch: {path} is not an article: {reason}.", err=True)
            bad.append(str(path))
            continue
        facts = extract_facts(article, district_hint=district)
        if as_json:
            click.echo(json.dumps(facts.to_json(str(path)), ensure_ascii=False))
        else:
            click.echo(_summary(str(path), facts))
    if bad:
        raise UsageError(f"{len(bad)} of {len(files)} files could not be read as articles.")
