"""Text that must not be stored as an article: control characters and mojibake.

A NUL byte is refused by PostgreSQL mid-transaction (and would be stored as is
by SQLite), so it is refused before either sees it, as a bad file. Mojibake —
UTF-8 bytes read as Windows-1252/1258, "Há»™i" for "Hội", "Ä‘" for "đ" — is
text that reads as clean Unicode but is wrong: stored, it would be searched,
deduplicated and alerted on as if it were the article.
"""

from __future__ import annotations

import re

# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# What the two-byte and three-byte UTF-8 forms of Vietnamese letters become when
# read as cp1252/cp1258: a lead byte's letter (Ã Ä Æ á â) followed by a
# continuation byte's symbol. No Vietnamese word has these pairs.
_MOJIBAKE = re.compile(
    "á[º»]"                      # ạ…ỹ: E1 BA/BB xx
    "|Ä[\u2018\u2019\u0091\u0090\u0083\u0082\u0081]"  # đ Đ ă Ă: C4 xx
    "|Æ[°¯\u00a0\u00a1]"         # ư Ư ơ Ơ: C6 xx
    # à á â ã è é ê ì í ò ó ô õ ù ú ý: C3 xx (Ã in cp1252, Ă in cp1258). No
    # no-break space after them: "NGÃ" then a no-break space is Vietnamese.
    "|[ÃĂ][\u00a1-\u00bf\u0080-\u009f\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]"
    "|â€[\u0153\u009d\u2122\u02dc\u201c\u201d\u00a6\u00a2]"  # quotes, dashes, ellipsis: E2 80 xx
)
MOJIBAKE_MIN = 2  # one odd pair could be a name in another language; two are a pattern


class BadTextError(ValueError):
    """The text holds control characters or mojibake; ``kind`` says which."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "control_characters" | "bad_encoding"


def mojibake_count(text: str) -> int:
    """How many UTF-8-read-as-Windows-125x pairs the text holds."""
    return len(_MOJIBAKE.findall(text))


def check_clean_text(text: str) -> None:
    """Raises BadTextError for a control character or for mojibake."""
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise BadTextError("control_characters",
                           f"holds a control character (U+{ord(control.group()):04X}) on line {line}")
    if mojibake_count(text) >= MOJIBAKE_MIN:
        raise BadTextError("bad_encoding", "is mojibake (UTF-8 read as Windows-1252/1258, such as 'Há»™i')")
