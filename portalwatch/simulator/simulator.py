"""The simulator's Python API: start the sites, change them, ask for the truth.

    with Simulator(seed=7, scale=1).start() as sim:
        sim.urls["thanhtri"]                   # "http://127.0.0.1:41233"
        url = sim.publish("caugiay", title=..., paragraphs=[...])
        sim.truth(url)                         # canonical text a crawler must produce
        sim.inject("thanhtri", "/robots.txt", "status", code=503, times=2)
        sim.log.count(site="thanhtri", kind="article")
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from portalwatch.simulator import content
from portalwatch.simulator.faults import Fault, FaultTable
from portalwatch.simulator.generator import SiteWriter, generate
from portalwatch.simulator.model import Block, SimArticle, SiteSpec, truth_text
from portalwatch.simulator.platforms import PLATFORMS, Platform
from portalwatch.simulator.registry import registry_yaml
from portalwatch.simulator.render import slugify
from portalwatch.simulator.server import RequestLog, SiteServer, serve_site
from portalwatch.simulator.state import SiteState

ARTICLES_PER_SITE = 30


@dataclass
class SiteRuntime:
    """One running site: what its request handler needs."""

    spec: SiteSpec
    state: SiteState
    platform: Platform
    faults: FaultTable
    log: RequestLog
    simulator: Simulator
    url: str = ""
    delay: float = 0.0
    crawl_delay: float = 1
    deleted_status: dict[str, int] = field(default_factory=dict)
    writer: SiteWriter | None = None

    @property
    def server_header(self) -> str:
        return self.platform.server_header

    @property
    def platform_disallow(self) -> tuple[str, ...]:
        return self.platform.robots_disallow


class Simulator:
    def __init__(self, *, seed: int = 2024, scale: float = 1.0, articles_per_site: int | None = None,
                 host: str = "127.0.0.1", port: int | None = None, sites: list[str] | None = None,
                 crawl_delay: float = 1, platforms: bool = False, content_root: Path | None = None) -> None:
        """``content_root``: the directory of sites, vocabulary and seeds, the settings'
        PORTALWATCH_SIM_CONTENT checked by ``content.content_root``; None: the bundled one."""
        content_root = content_root or content.BUNDLED
        self.seed = seed
        self.host = host
        self.first_port = port
        self.per_site = articles_per_site or max(1, round(ARTICLES_PER_SITE * scale))
        self.log = RequestLog()
        self.runtimes: dict[str, SiteRuntime] = {}
        self._servers: list[SiteServer] = []
        self._lock = threading.RLock()
        # platforms=True: the other platforms' sites too (content/platform_sites.yaml).
        families = ("hanoi", "platforms") if platforms else ("hanoi",)
        chosen = [(spec, extra) for family in families for spec, extra in content.site_data(family, content_root)
                  if sites is None or spec.name in sites]
        vocab = content.vocabulary(content_root)
        generated = generate([spec for spec, _ in chosen], seed, self.per_site, vocab)
        for spec, extra in chosen:
            holder: dict[str, Platform] = {}
            state = SiteState(lambda article, h=holder: h["platform"].article_path(article))
            platform = PLATFORMS[spec.platform](spec, state, "", extra)
            holder["platform"] = platform
            runtime = SiteRuntime(spec, state, platform, FaultTable(), self.log, self,
                                  crawl_delay=crawl_delay, writer=SiteWriter(spec, seed + 1, vocab))
            self.runtimes[spec.name] = runtime
            for article in generated[spec.name]:
                state.add(article)
        for article in content.seed_articles(content_root):
            if article.site in self.runtimes:
                self.runtimes[article.site].state.add(article)

    # --- life cycle ----------------------------------------------------------------

    def start(self) -> Simulator:
        for n, runtime in enumerate(self.runtimes.values()):
            port = 0 if self.first_port is None else self.first_port + n
            server, _ = serve_site(runtime, self.host, port)
            self._servers.append(server)
            runtime.url = f"http://{self.host}:{server.server_address[1]}"
            runtime.platform.base_url = runtime.url
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> Simulator:
        return self if self._servers else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- where things are ----------------------------------------------------------

    @property
    def urls(self) -> dict[str, str]:
        """Site name -> base URL ("http://127.0.0.1:PORT")."""
        return {name: rt.url for name, rt in self.runtimes.items()}

    def site(self, name: str) -> SiteRuntime:
        try:
            return self.runtimes[name]
        except KeyError:
            raise KeyError(f"the simulator has no site {name!r}; it has {', '.join(self.runtimes)}") from None

    def url(self, site: str, path: str = "/") -> str:
        return self.site(site).url + path

    def url_of(self, article: SimArticle) -> str:
        runtime = self.site(article.site)
        return runtime.url + runtime.state.path(article)

    def _locate(self, url: str) -> tuple[SiteRuntime, SimArticle]:
        parts = urlsplit(url)
        for runtime in self.runtimes.values():
            if runtime.url and urlsplit(runtime.url).netloc == parts.netloc:
                article = runtime.state.at_path(parts.path)
                if article is None:
                    raise KeyError(f"no article at {url}")
                return runtime, article
        raise KeyError(f"{url} is not on any simulated site")

    def article(self, url: str) -> SimArticle:
        return self._locate(url)[1]

    def articles(self, site: str | None = None) -> list[SimArticle]:
        names = [site] if site else list(self.runtimes)
        return [a for name in names for a in self.site(name).state.listing()]

    def article_urls(self, site: str | None = None) -> list[str]:
        return [self.url_of(a) for a in self.articles(site)]

    def seed_url(self, seed_file: str) -> str:
        for article in self.articles():
            if article.seed_file == seed_file:
                return self.url_of(article)
        raise KeyError(f"seed {seed_file} is not served")

    # --- truth ---------------------------------------------------------------------

    def truth(self, url: str) -> str:
        """The canonical text a correct extractor yields for the article at url."""
        runtime, article = self._locate(url)
        return truth_text(article, runtime.spec)

    def truths(self, site: str | None = None) -> dict[str, str]:
        return {self.url_of(a): truth_text(a, self.site(a.site).spec) for a in self.articles(site)}

    # --- registry ------------------------------------------------------------------

    def registry_yaml(self, generic: bool = False) -> str:
        return registry_yaml(self, generic=generic)

    def write_registry(self, path: str | Path, generic: bool = False) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.registry_yaml(generic=generic), encoding="utf-8")
        return path

    # --- control -------------------------------------------------------------------

    def publish(self, site: str, *, title: str | None = None, paragraphs: list[str] | None = None,
                category: str | None = None, byline: str | None = None, sapo: str | None = None,
                published: datetime | None = None, views: int | None = None) -> str:
        """A new article at the top of its category's first list page; returns its URL."""
        runtime = self.site(site)
        with self._lock:
            latest = max((a.published for a in runtime.state.articles()), default=datetime(2000, 1, 1))
            when = published or max(datetime.now().replace(microsecond=0), latest + timedelta(minutes=1))
            if title is None or paragraphs is None:
                generated = runtime.writer.news()
                title = title or generated.title
                texts = [b for b in generated.blocks if b.kind != "byline"]
                default_byline = next(b.text for b in generated.blocks if b.kind == "byline")
            else:
                texts = [Block("p", text) for text in paragraphs]
                default_byline = "Ban Biên tập"
            blocks = tuple(texts) + (Block("byline", byline or default_byline),)
            if runtime.spec.has_lead and sapo is None:
                sapo, blocks = blocks[0].text, blocks[1:]
            article = SimArticle(
                site=site, category=category or runtime.spec.categories[0].slug,
                article_id=runtime.writer.new_id(when), slug=slugify(title), title=title, published=when,
                blocks=blocks, sapo=sapo, kind="published",
                views=(views if views is not None else 1) if runtime.spec.shows_views else None)
            runtime.spec.category(article.category)  # unknown category: KeyError now, not at render
            return runtime.url + runtime.state.add(article)

    def edit(self, url: str, *, title: str | None = None, paragraphs: list[str] | None = None,
             append: str | None = None, views: int | None = None) -> str:
        """Changes an article in place (same URL); its ETag and Last-Modified change."""
        runtime, article = self._locate(url)
        blocks = list(article.blocks)
        if paragraphs is not None:
            tail = [b for b in blocks if b.kind == "byline"]
            blocks = [Block("p", text) for text in paragraphs] + tail
        if append is not None:
            at = next((i for i, b in enumerate(blocks) if b.kind == "byline"), len(blocks))
            blocks.insert(at, Block("p", append))
        # Last-Modified has whole seconds: an edit must move it forward even
        # when it comes in the same second as the previous one.
        modified = max(datetime.now().replace(microsecond=0), article.last_modified + timedelta(seconds=1))
        edited = article.edited(title=title or article.title, blocks=tuple(blocks), modified=modified,
                                views=views if views is not None else article.views)
        runtime.state.replace(edited)
        return url

    def delete(self, url: str, status: int = 410) -> None:
        """Removes an article: its URL answers 410 Gone (or 404) and lists drop it."""
        if status not in (404, 410):
            raise ValueError("a deleted article answers 404 or 410")
        runtime, article = self._locate(url)
        runtime.deleted_status[urlsplit(url).path] = status
        runtime.state.delete(article.article_id)

    def set_delay(self, site: str | None, seconds: float) -> None:
        """Every page of the site (or of every site) waits this long before answering."""
        for name in [site] if site else list(self.runtimes):
            self.site(name).delay = float(seconds)

    def inject(self, site: str, path: str, kind: str, *, times: int | None = None, **params) -> Fault:
        """A fault on a path (query ignored; "prefix*" for a subtree); see faults.KINDS."""
        if "://" in path:
            path = urlsplit(path).path
        return self.site(site).faults.add(kind, path, times, **params)

    def clear_faults(self, site: str | None = None, fault_id: int | None = None) -> int:
        return sum(self.site(name).faults.clear(fault_id) for name in ([site] if site else list(self.runtimes)))

    def faults(self, site: str | None = None) -> list[dict]:
        return [{"site": n, **f} for n in ([site] if site else list(self.runtimes)) for f in self.site(n).faults.list()]

    def reset_log(self) -> None:
        self.log.reset()
