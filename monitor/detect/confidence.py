"""How sure a leadership change is once later articles are read: numbers in, a number out.

A change first read from a doubtful sentence, or only inferred from two articles naming different
holders, is listed but does not alert. When a later article announces the same change (the same
new holder of the post: "đã bầu ông B giữ chức ..."), that article's reading is evidence of its
own: two articles that each might be misread are unlikely to be misread the same way, so their
doubts multiply (1 - (1-a)(1-b)), up to the confidence of the plainest single reading (0.9: the
articles may copy one another). Reading more never makes a change less sure than it was.
"""

from __future__ import annotations

from collections.abc import Iterable

# The confidence of a change an article announces in the plainest form ("bầu ông A giữ chức ...").
PLAINEST = 0.9


def confirmed_confidence(first_reading: float, confirmations: Iterable[float]) -> float:
    """The confidence of a change read first at ``first_reading`` and announced again by later
    articles read at ``confirmations``."""
    readings = [first_reading, *confirmations]
    doubt = 1.0
    for reading in readings:
        doubt *= 1.0 - min(max(reading, 0.0), 1.0)
    combined = min(PLAINEST, 1.0 - doubt) if len(readings) > 1 else first_reading
    return round(max(combined, *readings), 3)


def newly_alerting(was_alerted: bool, was_confident: bool, now_confident: bool) -> bool:
    """True when an event that has never alerted has just reached the alert minimum (one that was
    confident and still not alerted was held back for another reason: a backfill)."""
    return not was_alerted and now_confident and not was_confident
