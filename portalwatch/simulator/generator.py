"""Generated Vietnamese articles: signings, leadership changes, news, republished copies.

Deterministic: the same seed and size give the same articles, ids and dates.
Every article names the holders of the posts as they were on its date, so a
roster built from the articles matches ``rosters`` in the vocabulary.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from portalwatch.simulator.content import vocabulary
from portalwatch.simulator.model import Block, SimArticle, SiteSpec
from portalwatch.simulator.platforms.hanoi_gov import article_id_for
from portalwatch.simulator.render import slugify

POSTS = ("party_secretary", "hdnd_chair", "ubnd_chair", "mttq_chair")
Roster = dict[str, list[tuple[str, date]]]


def _person(rng: random.Random, vocab: dict) -> str:
    names = vocab["names"]
    sex = rng.choice(("male", "female"))
    return " ".join((rng.choice(names["surnames"]), rng.choice(names[f"{sex}_middle"]),
                     rng.choice(names[f"{sex}_given"])))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def date_range(site: SiteSpec, vocab: dict) -> tuple[date, date]:
    start, end = vocab["date_ranges"][site.platform]
    return _as_date(start), _as_date(end)


def roster_for(site: SiteSpec, rng: random.Random, vocab: dict) -> Roster:
    fixed = (vocab.get("rosters") or {}).get(site.name) or {}
    start, end = date_range(site, vocab)
    roster: Roster = {}
    for post in POSTS:
        if post in fixed:
            roster[post] = [(name, _as_date(since)) for name, since in fixed[post]]
        else:
            change = start + timedelta(days=rng.randint((end - start).days // 3, 2 * (end - start).days // 3))
            roster[post] = [(_person(rng, vocab), start - timedelta(days=400)), (_person(rng, vocab), change)]
    return roster


def holder(roster: Roster, post: str, on: date) -> str:
    current = roster[post][0][0]
    for name, since in roster[post]:
        if since <= on:
            current = name
    return current


class SiteWriter:
    """Writes one site's articles from the vocabulary (the bundled one unless given)."""

    def __init__(self, site: SiteSpec, seed: int, vocab: dict | None = None) -> None:
        self.site = site
        self.rng = random.Random(f"{seed}:{site.name}")
        self.vocab = vocab or vocabulary()
        self.roster = roster_for(site, self.rng, self.vocab)
        self.start, self.end = date_range(site, self.vocab)
        self._ids: set[str] = set()
        self.reporters = [_person(self.rng, self.vocab) for _ in range(4)]

    # --- slots ---------------------------------------------------------------------

    def slots(self, on: date, **more) -> dict:
        kind, district = self.site.place_kind, self.site.district
        committee = self.vocab["committees"][kind]
        values = {
            "place": kind, "place_kind": kind, "place_full": f"{kind} {district}",
            "place_cap": f"{kind} {district}"[:1].upper() + f"{kind} {district}"[1:],
            "committee": committee,
            "committee_full": f"{committee} {district}" if kind != "phường" else f"{committee} {district}",
            "year": on.year, "prev_year": on.year - 1, "quarter": (on.month - 1) // 3 + 1,
            "event_day": f"{on.day:02d}", "event_month": f"{on.month:02d}",
            "number": self.rng.randint(120, 4800), "percent": self.rng.randint(88, 100),
            "money": self.rng.randint(50, 900), "reporter": self.rng.choice(self.reporters),
        }
        values.update({post: holder(self.roster, post, on) for post in POSTS})
        values.update(more)
        return values

    def fill(self, template: str, values: dict) -> str:
        text = template.format_map(values)
        return text

    def moment(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, self.rng.randint(7, 17),
                        self.rng.randint(0, 59), self.rng.randint(0, 59))

    def random_day(self) -> date:
        return self.start + timedelta(days=self.rng.randint(0, (self.end - self.start).days))

    def new_id(self, published: datetime) -> str:
        while True:
            if self.site.platform == "hanoi_gov":
                candidate = article_id_for(self.site.id_prefix, published, self.rng.randint(0, 999))
            else:
                candidate = str(self.rng.randint(100000, 999999))
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    # --- articles ------------------------------------------------------------------

    def article(self, kind: str, title: str, paragraphs: list[str], published: datetime,
                category: str, captions: list[str] = (), facts: dict | None = None) -> SimArticle:
        values = self.slots(published.date())
        byline = self.fill(self.rng.choice(self.vocab["bylines"][self.site.platform]), values)
        blocks = [Block("p", p) for p in paragraphs]
        for n, caption in enumerate(captions):
            blocks.insert(min(len(blocks), 2 + 2 * n), Block("caption", caption))
        blocks.append(Block("byline", byline))
        sapo = None
        if self.site.has_lead:
            sapo, blocks = blocks[0].text, blocks[1:]
        return SimArticle(
            site=self.site.name, category=category, article_id=self.new_id(published),
            slug=slugify(title), title=title, published=published, blocks=tuple(blocks),
            views=self.rng.randint(40, 6000) if self.site.shows_views else None,
            sapo=sapo, kind=kind, facts=facts or {})

    def category_for(self, kind: str) -> str:
        slugs = [c.slug for c in self.site.categories]
        if kind in ("signing", "leadership"):
            preferred = [s for s in slugs if any(k in s for k in ("hdnd", "chinh-quyen", "chi-dao", "hoat-dong"))]
            return (preferred or slugs)[0]
        return self.rng.choice(slugs)

    def signing(self, year: int) -> SimArticle:
        vocab = self.vocab["signing"]
        day = max(self.start, min(self.end, date(year, 1, self.rng.randint(8, 25))))
        values = self.slots(day)
        published = self.moment(day + timedelta(days=self.rng.randint(0, 2)))
        paragraphs = [self.fill(p, values) for p in vocab["paragraphs"]] + [self.fill(vocab["closing"], values)]
        return self.article("signing", self.fill(self.rng.choice(vocab["titles"]), values), paragraphs,
                            published, self.category_for("signing"), [self.fill(vocab["caption"], values)],
                            {"parties": ["hdnd", "ubnd", "mttq"], "period": str(year),
                             "event_date": day.isoformat()})

    def leadership(self, post: str, old: str, new: str, since: date) -> SimArticle:
        vocab = self.vocab["leadership"][post]
        values = self.slots(since, old=old, new=new)
        published = self.moment(since)
        return self.article("leadership", self.fill(vocab["title"], values),
                            [self.fill(p, values) for p in vocab["paragraphs"]], published,
                            self.category_for("leadership"),
                            facts={"post": post, "old_holder": old, "new_holder": new,
                                   "event_date": since.isoformat()})

    def news(self) -> SimArticle:
        vocab = self.vocab["news"]
        day = self.random_day()
        values = self.slots(day)
        values.update(organiser=self.fill(self.rng.choice(vocab["organisers"]), values),
                      event=self.rng.choice(vocab["events"]))
        paragraphs = [self.fill(self.rng.choice(vocab["openers"]), values),
                      self.fill(self.rng.choice(vocab["attendance"]), values)]
        paragraphs += [self.fill(p, values) for p in self.rng.sample(vocab["fillers"], self.rng.randint(2, 4))]
        paragraphs.append(self.fill(self.rng.choice(vocab["closers"]), values))
        captions = [self.fill(self.rng.choice(vocab["captions"]), values)] if self.rng.random() < 0.6 else []
        return self.article("news", self.fill(self.rng.choice(vocab["titles"]), values), paragraphs,
                            self.moment(day), self.category_for("news"), captions)

    def articles(self, count: int) -> list[SimArticle]:
        out = []
        for post in POSTS:
            holders = self.roster[post]
            for (old, _), (new, since) in zip(holders, holders[1:]):
                if self.start <= since <= self.end:
                    out.append(self.leadership(post, old, new, since))
        years = list(range(self.start.year + 1, self.end.year + 1)) or [self.start.year]
        for year in years[: max(1, count // 8)]:
            out.append(self.signing(year))
        while len(out) < count:
            out.append(self.news())
        return out[:max(count, len(out))]


def generate(sites: list[SiteSpec], seed: int, per_site: int,
             vocab: dict | None = None) -> dict[str, list[SimArticle]]:
    """Each site's generated articles, republished copies included."""
    vocab = vocab or vocabulary()
    writers = {site.name: SiteWriter(site, seed, vocab) for site in sites}
    result = {name: writer.articles(per_site) for name, writer in writers.items()}
    plan = vocab["republish"]
    for source, target in plan["pairs"]:
        if source not in writers or target not in writers:
            continue
        originals = [a for a in result[source] if a.kind in ("signing", "news")][: plan["per_pair"]]
        for original in originals:
            result[target].append(republished(original, writers[source].site, writers[target], plan))
    return result


def republished(original: SimArticle, source: SiteSpec, writer: SiteWriter, plan: dict) -> SimArticle:
    """The same story on another portal a day later, with its own lead and byline."""
    texts = ([original.sapo] if original.sapo else []) + [b.text for b in original.blocks if b.kind != "byline"]
    first = texts[0]
    lead = plan["lead"].format(source_title=source.title, first_sentence=first[:1].lower() + first[1:])
    values = writer.slots(original.published.date(), source_host=source.real_host)
    byline = writer.fill(plan["byline"], values)
    body = [Block("p", lead)] + [Block("caption" if t in {b.text for b in original.blocks if b.kind == "caption"}
                                       else "p", t) for t in texts[1:]]
    published = original.published + timedelta(days=1, hours=2)
    sapo = None
    if writer.site.has_lead:
        sapo, body = body[0].text, body[1:]
    return replace(original, site=writer.site.name, category=writer.category_for("signing"),
                   article_id=writer.new_id(published), published=published, sapo=sapo,
                   blocks=tuple(body) + (Block("byline", byline),),
                   views=writer.rng.randint(40, 6000) if writer.site.shows_views else None,
                   kind="republished",
                   facts={**original.facts, "source_site": source.name, "source_id": original.article_id})
