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
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width characters that Word and CMS editors leave inside words.
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                         "\u2019": "'", "\u00ab": '"', "\u00bb": '"'})
# The five Vietnamese tone marks as combining characters (NFD). Vowel-quality
# marks (circumflex, breve, horn) are not tones and stay where they are.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONES}]")
_WORD_WITH_TONE = re.compile(rf"\w*[{_TONES}]\w*")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """One line as the canonical format stores it."""
    text = _ZERO_WIDTH.sub("", nfc(text))
    return _SPACES.sub(" ", text).strip()


def _move_tone_to_end(match: re.Match[str]) -> str:
    word = match.group(0)
    tones = "".join(_TONE_RE.findall(word))
    return _TONE_RE.sub("", word) + tones


def tone_placement_insensitive(text: str) -> str:
    """Moves each syllable's tone mark to the syllable's end (in NFD).

    Old-style "Uỷ", "hoà" and new-style "Ủy", "hòa" differ only in which vowel
    carries the tone; after this they are the same string, while words whose
    tones differ stay different.
    """
    return _WORD_WITH_TONE.sub(_move_tone_to_end, unicodedata.normalize("NFD", text))


def fold(text: str) -> str:
    """The matching form of a text: same words, same string.

    Tone placement, dash and quote variants, spacing and case are erased.
    The result is for comparison and hashing only, never for display.
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _DASHES.sub("-", text).translate(_QUOTES)
    text = tone_placement_insensitive(text).casefold()
    text = nfc(text)
    return _SPACES.sub(" ", text).strip()


def strip_tones(text: str) -> str:
    """Removes tone marks only (keeps ê, ơ, ư ...): a fallback key for noisy input."""
    return nfc(_TONE_RE.sub("", unicodedata.normalize("NFD", text)))
