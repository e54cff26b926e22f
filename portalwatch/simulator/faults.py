"""Faults a test injects per site and path, and what each does to a response.

A fault matches a request path exactly (query ignored), or every path under a
prefix when it ends in ``*``. ``times`` limits it to the first N matching
requests; after that the path answers normally again.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass, field

KINDS = ("status", "delay", "reset", "cp1258", "redirect_loop", "offsite_redirect", "large", "layout")
# What each kind takes, and its defaults.
DEFAULTS: dict[str, dict] = {
    "status": {"code": 503},
    "delay": {"seconds": 2.0},
    "reset": {},
    # meta: declare windows-1258 in a <meta> (True) or nowhere at all (False).
    "cp1258": {"meta": True},
    "redirect_loop": {"code": 302},
    # .invalid never resolves: a crawler that follows the redirect fails loudly.
    "offsite_redirect": {"code": 302, "location": "http://offsite.invalid/tin-tuc/bai-viet.html"},
    "large": {"size_mb": 12},
    "layout": {},
}
_ids = itertools.count(1)


@dataclass
class Fault:
    kind: str
    path: str
    params: dict = field(default_factory=dict)
    times: int | None = None  # None: every request
    hits: int = 0
    id: int = field(default_factory=lambda: next(_ids))

    def matches(self, path: str) -> bool:
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path == self.path

    def describe(self) -> dict:
        return {"id": self.id, "kind": self.kind, "path": self.path, "params": self.params,
                "times": self.times, "hits": self.hits}


class FaultTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, kind: str, path: str, times: int | None = None, **params) -> Fault:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
        unknown = set(params) - set(DEFAULTS[kind])
        if unknown:
            raise ValueError(f"fault {kind!r} takes no {', '.join(sorted(unknown))}")
        if not path.startswith("/"):
            raise ValueError("a fault path starts with '/'")
        fault = Fault(kind, path, {**DEFAULTS[kind], **params}, times)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, path: str) -> list[Fault]:
        """The faults that apply to this request, counting it against ``times``."""
        taken = []
        with self._lock:
            for fault in self._faults:
                if fault.matches(path) and (fault.times is None or fault.hits < fault.times):
                    fault.hits += 1
                    taken.append(fault)
        return taken

    def clear(self, fault_id: int | None = None) -> int:
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if fault_id is not None and f.id != fault_id]
            return before - len(self._faults)

    def list(self) -> list[dict]:
        with self._lock:
            return [f.describe() for f in self._faults]


# --- what the faults do to a page ------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_CHARSET_META = re.compile(r'<meta charset="utf-8"\s*/?>|<meta content="text/html; charset=UTF-8" '
                           r'http-equiv="content-type"\s*/?>', re.IGNORECASE)


def to_cp1258(text: str, declare: bool) -> bytes:
    """Windows-1258 as Vietnamese editors wrote it: base letter, then a combining tone.

    cp1258 has â, ê, ô, ơ, ư, ă, đ precomposed but no toned vowels, so each
    tone mark follows its letter; a reader must NFC the decoded text.
    """
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258" />' if declare else ""
    text = _CHARSET_META.sub(meta, text)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors="xmlcharrefreplace")


def padded(html_bytes: bytes, size_mb: float) -> list[bytes]:
    """The page grown to about size_mb megabytes with hidden boilerplate, as chunks.

    The padding sits before </body> so the article itself stays intact.
    """
    target = int(size_mb * 1024 * 1024)
    cut = html_bytes.rfind(b"</body>")
    cut = len(html_bytes) if cut < 0 else cut
    filler = (b'<div class="hidden tracking-pixel" style="display:none">'
              + b"thong-ke-truy-cap " * 50 + b"</div>\n")
    need = max(0, target - len(html_bytes))
    count, rest = divmod(need, len(filler))
    chunks = [html_bytes[:cut]]
    block = filler * 256
    while count >= 256:
        chunks.append(block)
        count -= 256
    chunks.append(filler * count + b" " * rest)
    chunks.append(html_bytes[cut:])
    return chunks
