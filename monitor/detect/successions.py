"""Who replaces whom, told apart from the appointment: "Ông A thay ông B, người vừa được điều động ..."."""

from __future__ import annotations

import re

from monitor.detect import vocabulary as v
from monitor.detect.identity import same_person
from monitor.detect.names import names_in
from monitor.detect.people import ReadingContext

_REPLACES = re.compile(v.alternation(v.REPLACES_MARKERS) + r"\s*")


def successions_in(s, ctx: ReadingContext) -> list[tuple[str, str]]:
    """(successor, predecessor) of "A thay (ông|đồng chí) B": a sentence that tells whom a newcomer
    replaces apart from the one that appoints them ("Ông A thay ông B, người vừa được điều động ...")."""
    if not _REPLACES.search(s.folded):
        return []
    names = names_in(s.text, s.folded, ctx.places)
    out = []
    for m in _REPLACES.finditer(s.folded):
        # The successor is the name written right before "thay" ("A thay B"), or the sentence's subject
        # when no other name stands between ("Đồng chí A, ..., lần đầu giữ chức ..., thay đồng chí B").
        earlier = list({n.start: n for n in names if n.end <= m.start()}.values())
        before = next((n for n in earlier if m.start() - n.end <= 2), None) or (
            earlier[0] if len(earlier) == 1 and earlier[0].start <= 15 else None)
        after = next((n for n in names if m.end() <= n.start <= m.end() + 12), None)
        if before and after and not same_person(before.name, after.name):
            out.append((before.name, after.name))
    return out
