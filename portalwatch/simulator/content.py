"""Loads the simulator's content data: the sites and the five seeds.

The data lives in ``tests/simulator_content/`` (the project keeps the
simulator's content with the tests); ``PORTALWATCH_SIM_CONTENT`` points
elsewhere: it is read with the process's settings at the entry point
(``content_root``) and handed to ``Simulator(content_root=...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from portalwatch.simulator.model import Block, Category, SimArticle, SiteSpec
from storage.canonical import parse_date_line
from storage.errors import UsageError
from storage.normalize import clean_line

_SITE_KEYS = {"name", "district", "platform", "title", "real_host", "date_prefix", "views_label",
              "double_category", "id_prefix", "place_kind", "page_size"}
# The six Hanoi sites the spiders were written for; the other platforms' sites
# are served when asked for (Simulator(platforms=True)).
SITE_FILES = {"hanoi": "sites.yaml", "platforms": "platform_sites.yaml"}


CONTENT_ENV = "PORTALWATCH_SIM_CONTENT"
BUNDLED = Path(__file__).resolve().parents[2] / "tests" / "simulator_content"


def content_root(env: Mapping[str, str]) -> Path:
    """The content named by the settings' PORTALWATCH_SIM_CONTENT, else the bundled one;
    a directory without the simulator's files is a usage error, before any site starts."""
    raw = env.get(CONTENT_ENV, "").strip()
    if not raw:
        return BUNDLED
    root = Path(raw)
    missing = [name for name in (*SITE_FILES.values(), "vocabulary.yaml", "seeds.yaml") if not (root / name).is_file()]
    if missing:
        raise UsageError(f"the setting {CONTENT_ENV}={raw!r} is not a directory of the simulator's content "
                         f"(no {missing[0]}).")
    return root


def content_dir() -> Path:
    return BUNDLED


def _load(name: str, root: Path) -> dict:
    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def site_data(family: str = "hanoi", root: Path = BUNDLED) -> tuple[tuple[SiteSpec, dict], ...]:
    """Each site's spec and its extra data (address, phone, email)."""
    from portalwatch.simulator.platforms import PLATFORMS

    out = []
    for raw in _load(SITE_FILES[family], root)["sites"]:
        traits = PLATFORMS[raw["platform"]]
        spec = SiteSpec(categories=tuple(Category(c["slug"], c["name"]) for c in raw["categories"]),
                        shows_category=traits.shows_category, shows_views=traits.shows_views,
                        has_lead=traits.has_lead, quirks=tuple(raw.get("quirks") or ()),
                        **{k: v for k, v in raw.items() if k in _SITE_KEYS})
        extra = {k: v for k, v in raw.items() if k not in _SITE_KEYS and k not in ("categories", "quirks")}
        out.append((spec, extra))
    return tuple(out)


@lru_cache(maxsize=2)
def vocabulary(root: Path = BUNDLED) -> dict:
    return _load("vocabulary.yaml", root)


def seed_article(entry: dict, root: Path = BUNDLED) -> SimArticle:
    """A seed page as an article whose blocks keep the page's own spacing."""
    raw = (root / "seeds" / entry["file"]).read_text(encoding="utf-8")
    lines = raw.split("\n")
    date_at = next(i for i, line in enumerate(lines) if parse_date_line(clean_line(line)))
    published, views = parse_date_line(clean_line(lines[date_at]))
    header = [line for line in lines[:date_at] if clean_line(line)]
    title = header[-1]
    body: list[str] = []
    for line in lines[date_at + 1:]:
        if entry.get("trailer") and clean_line(line) == entry["trailer"]:
            break
        body.append(line)
    # A line of only no-break spaces is an empty paragraph on the page; a truly
    # empty line is the gap a copy-paste leaves between paragraphs.
    while body and not body[-1].strip("\u00a0 "):
        body.pop()
    texts = [line for line in body if line]
    counted = [i for i, line in enumerate(texts) if clean_line(line)]
    captions = {counted[n] for n in entry.get("captions", [])}
    bylines = set(counted[len(counted) - entry.get("byline_lines", 1):])
    blocks = tuple(
        Block("blank" if i not in counted else "caption" if i in captions
              else "byline" if i in bylines else "p", text)
        for i, text in enumerate(texts))
    return SimArticle(site=entry["site"], category=entry["category"], article_id=str(entry["id"]),
                      slug=entry["slug"], title=title, published=published, blocks=blocks,
                      views=views, kind="seed", seed_file=entry["file"])


@lru_cache(maxsize=2)
def seed_entries(root: Path = BUNDLED) -> tuple[dict, ...]:
    return tuple(_load("seeds.yaml", root)["seeds"])


def seed_articles(root: Path = BUNDLED) -> list[SimArticle]:
    return [seed_article(entry, root) for entry in seed_entries(root)]
