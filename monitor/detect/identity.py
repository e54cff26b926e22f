"""When two written names are one person.

Portals write one official several ways: with and without a middle name
("Nguyễn Hùng" / "Nguyễn Văn Hùng"), in old and new tone placement ("Hoà" /
"Hòa", "Thuỷ" / "Thủy"), in capitals, with or without a space after the apostrophe of an Ê Đê or
Jrai name ("H'Bia" / "H' Bia") or inside a syllable run ("Êban" / "Ê Ban"), split by a line break (rejoined by
``sentences``). A holder is a person, so the roster compares people, not
strings: two spellings of one holder are never a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from storage.normalize import fold


@lru_cache(maxsize=1 << 14)
def _syllables(name: str) -> tuple[str, ...]:
    # "H'Bia", "H' Bia" and "H’Bia" are one Ê Đê name: an apostrophe binds what follows it.
    return tuple(fold(name).replace("-", " ").replace("’", "'").replace("ʼ", "'").replace("' ", "'").split())


def syllables(name: str) -> list[str]:
    """The folded syllables of a name (tone placement, case and spacing erased)."""
    return list(_syllables(name))


def _in_order(short: list[str], long: list[str]) -> bool:
    """True when ``short`` is ``long`` with some syllables left out."""
    it = iter(long)
    return all(any(s == x for x in it) for s in short)


def same_person(a: str | None, b: str | None) -> bool:
    """True when two written names can only be one person holding one post.

    Surname and given name must agree; the middle names of the shorter form
    must appear, in order, in the longer ("Lê Thị Hà" is "Lê Thị Thu Hà", but
    "Nguyễn Văn Hùng" is not "Nguyễn Mạnh Hùng").
    """
    if not a or not b:
        return False
    x, y = syllables(a), syllables(b)
    if x == y or "".join(x) == "".join(y):  # "Y Thơ Êban" / "Y Thơ Ê Ban": only the spacing differs
        return True
    if len(x) < 2 or len(y) < 2 or x[0] != y[0] or x[-1] != y[-1]:
        return False
    short, long = sorted((x, y), key=len)
    return _in_order(short[1:-1], long[1:-1])


def fuller(a: str, b: str) -> str:
    """The form of one person's name that says more (the one with middle names)."""
    return b if len(syllables(b)) > len(syllables(a)) else a


def person_of(name: str, known: Iterable[str]) -> str | None:
    """The first of ``known`` that is the same person as ``name``, or None."""
    return next((k for k in known if same_person(k, name)), None)
