"""Place names as data (``places/*.txt``): negative evidence for person names.

A capitalised run after "huyện", "Thành ủy", "phường" ... is a place; when the
run is a known place, its end is known too ("quận Hoàng Mai Nguyễn Văn A").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from storage.normalize import fold

_DIR = Path(__file__).with_name("places")


def _read(name: str) -> frozenset[str]:
    lines = (_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


@cache
def known_places() -> frozenset[str]:
    """Folded names of Hà Nội's districts, wards and communes (before and after 2025) and the provinces."""
    return _read("hanoi.txt") | _read("provinces.txt")


@cache
def provinces() -> frozenset[str]:
    """Folded names of the provinces and centrally-run cities (Hà Nội among them)."""
    return _read("provinces.txt")
