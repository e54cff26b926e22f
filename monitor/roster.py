"""Who held which single-holder post when: pure functions over sightings.

A sighting is one article showing one person holding one post of one place
(not former, acting, in charge or nominated: those replace no one), or
announcing that person's election or appointment, or naming the holder that
election replaced. Sorted by publication, runs of the same name are tenures; a
new tenure after another is a change.

The replaced holder is dated just before the announcement, which may come days
after the newcomer was first seen at work (a ward's news shows the new chair
before the paper reports the session): such a sighting only tells who held the
post before the newcomer, and never opens a tenure after another holder's.
Otherwise the roster would flap A -> B -> A -> B. For the same reason a plain sighting of the
replaced holder published soon after an announced change (``LATE_NEWS``) is older news posted late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.detect import ArticleFacts
from monitor.detect.facts import SINGLE_HOLDER_POSTS
from monitor.detect.identity import fuller, same_person
from storage.normalize import fold

_ANNOUNCING_KINDS = frozenset({"elected", "appointed", "assigned"})
_JUST_BEFORE = timedelta(seconds=1)


@dataclass(frozen=True)
class Sighting:
    place_key: str
    place: str
    scope: str
    post: str
    name: str
    published: datetime
    source: str  # seen | announced | replaced (the old holder an announcement names)
    evidence: str
    article_id: int = 0
    url: str = ""


def place_key(scope: str, place: str) -> str:
    return f"{scope}:{fold(place)}"


def sightings_of(facts: ArticleFacts, published: datetime, district: str | None) -> list[Sighting]:
    """The roster sightings one article's facts give."""
    out: list[Sighting] = []
    seen: set[tuple[str, str, str]] = set()

    def add(post: str, scope: str, place: str | None, name: str | None, source: str, evidence: str,
            when: datetime = published) -> None:
        place = place or (district if scope == "district" else None)
        if post not in SINGLE_HOLDER_POSTS or not place or not name:
            return
        key = (place_key(scope, place), post, fold(name))
        if key in seen:
            return
        seen.add(key)
        out.append(Sighting(key[0], place, scope, post, name, when, source, evidence))

    for change in facts.changes:
        if change.kind in _ANNOUNCING_KINDS:
            # The holder the article says was replaced held the post just before it.
            if change.old_holder:
                add(change.post, change.scope, change.place, change.old_holder, "replaced", change.evidence,
                    published - _JUST_BEFORE)
            add(change.post, change.scope, change.place, change.new_holder, "announced", change.evidence)
    for person in facts.people:
        for mention in person.posts:
            if mention.holds:
                add(mention.post, mention.scope, mention.place, person.name, "seen", mention.evidence or mention.raw)
    return out


@dataclass
class Tenure:
    name: str
    first_seen: datetime
    last_seen: datetime
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def announced(self) -> bool:
        return self.sightings[0].source == "announced"


def order_key(s: Sighting) -> tuple:
    """Where a sighting stands in a post's history. At one publication minute an announcement
    comes first, then the URL: never the order of crawling, which differs between one process
    and several workers."""
    return (s.published, s.source != "announced", s.url, s.article_id)


def tenures(sightings: list[Sighting], previous: str | None = None) -> list[Tenure]:
    """Consecutive runs of one holder, in order of publication.

    A tenure starts afresh from its first sighting whatever came before it (only the last
    tenure, and the holder before it, are ever compared with the next sighting), so the tenures
    from any tenure's first sighting on are those of the sightings from there on, given the
    holder before it (``previous``): what lets a rebuild start there."""
    out: list[Tenure] = []
    for s in sorted(sightings, key=order_key):
        if out and s.source == "replaced" and not same_person(out[-1].name, s.name):
            continue  # the announcement is late news: someone else already holds the post
        if out and _late_news(out, previous, s):
            continue
        if out and same_person(out[-1].name, s.name):  # two spellings of one holder
            out[-1].name = fuller(out[-1].name, s.name)
            out[-1].last_seen = s.published
            out[-1].sightings.append(s)
        else:
            out.append(Tenure(s.name, s.published, s.published, [s]))
    return out


# How long after an announced change a plain sighting of the holder it replaced is news of the days
# before the change (a portal posting an older event late), not the old holder back.
LATE_NEWS = timedelta(days=30)


def _late_news(out: list[Tenure], previous: str | None, s: Sighting) -> bool:
    """True when ``s`` shows the holder before the current one soon after the current one's announcement:
    "đồng chí A, Chủ tịch UBND phường" in an article posted a week after B's election is no A -> B -> A."""
    if s.source != "seen" or same_person(out[-1].name, s.name):
        return False
    before = out[-2].name if len(out) > 1 else previous
    if not same_person(before, s.name):
        return False
    announced = next((x.published for x in out[-1].sightings if x.source == "announced"), None)
    return announced is not None and s.published - announced <= LATE_NEWS


@dataclass(frozen=True)
class HolderChange:
    old: Tenure | None
    new: Tenure


def changes_of(history: list[Tenure]) -> list[HolderChange]:
    """Each new holder after another, and each announced first holder.

    A first sighting with nobody before it is not a change; an article that
    announces an election or appointment is one, even with nobody known before.
    """
    out: list[HolderChange] = []
    for i, tenure in enumerate(history):
        if i > 0:
            out.append(HolderChange(history[i - 1], tenure))
        elif tenure.announced:
            out.append(HolderChange(None, tenure))
    return out


def change_confidence(change: HolderChange) -> float:
    """How sure a change of holder is: an article that announces it says so plainly (0.9); a
    change read only from two articles naming different holders is surer the more often the
    new holder is seen (0.55 for one sighting, up to 0.85)."""
    if change.new.announced:
        return 0.9
    return round(0.55 + 0.1 * min(3, len(change.new.sightings) - 1), 2)


def holder_at(history: list[Tenure], when: datetime) -> Tenure | None:
    current = None
    for tenure in history:
        if tenure.first_seen <= when:
            current = tenure
    return current
