"""Place and person names as people type them: with or without diacritics.

``storage.normalize.fold`` already erases tone placement, dashes and case; a
reader who types "Thanh Tri" or "thanh tri" for "Thanh Trì" also drops every
mark and writes "d" for "đ". Loose keys are only ever compared with other
loose keys, so "Thanh Trì" still finds exactly what ``fold`` finds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from storage.normalize import fold


def loose_key(text: str) -> str:
    """The form of a name that ignores every diacritic (for matching only)."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matching_names(candidates: Iterable[str], typed: str) -> list[str]:
    """The candidates that are the typed name, with or without diacritics.

    When the reader typed diacritics, those must agree too ("Thanh Trì" does not
    find a "Thanh Trí"); without them every spelling matches.
    """
    typed_fold, typed_loose = fold(typed), loose_key(typed)
    if not typed_loose:
        return []
    exact_wanted = typed_fold != typed_loose
    return sorted({name for name in candidates if name and loose_key(name) == typed_loose
                   and (not exact_wanted or fold(name) == typed_fold)})
