"""Text normalisation: the one place that decides what "the same text" means.

Two levels:
- ``clean_line`` is what the canonical format stores: NFC, every Unicode space
  folded to one ASCII space, zero-width characters dropped, trimmed. It keeps
  the author's spelling ("Uỷ" stays "Uỷ") so the writer reproduces pages byte
  for byte.
- ``fold`` is for matching and hashing: on top of ``clean_line`` it makes tone
  placement ("Uỷ"/"Ủy", "hoà"/"hòa"), dashes, quotes and case irrelevant.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode "space separators" plus tab and the other spacing characters that
# portals put inside lines (no-break, narrow no-break, ideographic ...).
# (Python's \s already covers no-break, thin, ideographic ... spaces.) Single
# ASCII spaces are left alone so that ordinary text costs nothing.
_SPACES = re.compile(r"\s{2,}|[^\S ]")
# Zero-width characters that Word and CMS editors leave inside words.
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_QUOTES = (("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u00ab", '"'),
           ("\u00bb", '"'), ("\u2018", "'"), ("\u2019", "'"))
# Old-style and new-style spelling differ in one place only: in an open
# syllable ending in "oa", "oe" or "uy" the old style puts the tone on the
# second vowel ("hoà", "Uỷ"), the new style on the first ("hòa", "Ủy").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONES}]")
_TONED_O_U = {ch: unicodedata.normalize("NFD", ch) for ch in
              unicodedata.normalize("NFC", "".join(v + t for v in "oOuU" for t in _TONES))}
_NEW_STYLE_TONE = re.compile(f"([{''.join(_TONED_O_U)}])([aAeEyY])(?!\\w)")


def _to_old_style(match: re.Match[str]) -> str:
    vowel_and_tone = _TONED_O_U[match.group(1)]
    return vowel_and_tone[0] + unicodedata.normalize("NFC", match.group(2) + vowel_and_tone[1])


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """One line as the canonical format stores it."""
    text = _ZERO_WIDTH.sub("", nfc(text))
    return _SPACES.sub(" ", text).strip()


def uniform_tone_placement(text: str) -> str:
    """Old-style "Uỷ", "hoà" for new-style "Ủy", "hòa" (NFC in, NFC out)."""
    return _NEW_STYLE_TONE.sub(_to_old_style, nfc(text))


def fold(text: str) -> str:
    """The matching form of a text: same words, same string.

    Tone placement, dash and quote variants, spacing and case are erased.
    The result is for comparison and hashing only, never for display.
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _DASHES.sub("-", text)
    for quote, plain in _QUOTES:
        text = text.replace(quote, plain)
    text = uniform_tone_placement(text).casefold()
    return _SPACES.sub(" ", text).strip()


_PLACE_UNITS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "phường", "xã")


def district_key(name: str) -> str:
    """The one key places are matched by (alert filters, ``events --district``,
    ``roster --district``): ``fold`` without a leading unit word, so "Quận  Cầu
    Giấy" and "cầu giấy" are the same district."""
    key = fold(name)
    for unit in _PLACE_UNITS:
        if key.startswith(unit + " "):
            return key[len(unit) + 1:]
    return key


def plain(text: str) -> str:
    """``fold`` without diacritics ("Cầu Giấy" -> "cau giay"): a key under which every
    spelling ``same_place`` accepts for a place is found."""
    bare = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


def district_search_key(name: str) -> str:
    """``district_key`` without diacritics: what events are indexed by, so a place typed
    with or without them finds its rows; ``same_place`` then tells the spellings apart."""
    return plain(district_key(name))


def same_place(stored: str, asked: str) -> bool:
    """Whether a place typed by a user names a stored place: by ``district_key``,
    and when the user typed no diacritics at all ("cau giay"), by that key
    without them."""
    key, asked_key = district_key(stored), district_key(asked)
    if key == asked_key:
        return True
    return asked.isascii() and plain(key) == asked_key


def strip_tones(text: str) -> str:
    """Removes tone marks only (keeps ê, ơ, ư ...): a fallback key for noisy input."""
    return nfc(_TONE_RE.sub("", unicodedata.normalize("NFD", text)))


_BASE_AND_MARKS = re.compile(r"(\w)([\u0300-\u036f]+)")


def _split_tone(match: re.Match[str]) -> str:
    marks = match.group(2)
    tones = "".join(m for m in marks if m in _TONES)
    quality = "".join(m for m in marks if m not in _TONES)
    return unicodedata.normalize("NFC", match.group(1) + quality) + tones


def encode_windows_1258(text: str) -> bytes:
    """Text as a Windows-1258 page carries it: â, ơ, ư … precomposed, tones as
    combining marks (the code page has no precomposed toned letters)."""
    spelled = _BASE_AND_MARKS.sub(_split_tone, unicodedata.normalize("NFD", text))
    return spelled.encode("cp1258", errors="replace")
