"""Articles out of the store: canonical text files, JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from storage.models import Article

FORMATS = ("txt", "jsonl", "csv")
CSV_FIELDS = ("id", "url", "urls", "site", "district", "category", "title", "published", "views",
              "byline", "body", "group_id", "version", "body_hash")


def article_record(row: Article) -> dict:
    """The JSON shape of an exported article (SPEC "export --format jsonl")."""
    return {
        "id": row.id,
        "url": row.url,
        "urls": [u.url for u in row.urls],
        "site": row.site.name,
        "district": row.site.district or None,
        "category": row.category,
        "title": row.title,
        "published": row.published.strftime("%Y-%m-%dT%H:%M"),
        "views": row.views,
        "byline": row.byline,
        "body": row.body,
        "group_id": row.group_id,
        "version": row.version,
        "body_hash": row.body_hash,
        "canonical_text": row.canonical_text,
    }


def txt_name(row: Article) -> str:
    """<site>/<YYYY-MM-DD>_<id>.txt: sorted by date within a site, unique by id."""
    return f"{row.site.name}/{row.published:%Y-%m-%d}_{row.id}.txt"


def write_txt_dir(rows: Iterable[Article], out: Path) -> int:
    count = 0
    for row in rows:
        path = out / txt_name(row)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(row.canonical_text, encoding="utf-8", newline="\n")
        tmp.replace(path)  # a reader never sees half a file
        count += 1
    return count


def write_stream(rows: Iterable[Article], fmt: str, stream: IO[str]) -> int:
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
    for row in rows:
        record = article_record(row)
        if fmt == "jsonl":
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow({**record, "urls": " ".join(record["urls"])})
        else:  # txt on a stream: articles separated by a form-feed line
            stream.write(("\f\n" if count else "") + row.canonical_text)
        count += 1
    return count
