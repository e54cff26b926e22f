"""Control characters and mojibake are refused; Vietnamese in every spelling is not."""

from __future__ import annotations

import unicodedata

import pytest

from storage.canonical import ArticleFormatError, parse_article
from storage.text_checks import BadTextError, check_clean_text, mojibake_count

CLEAN = ("Hội nghị ký kết chương trình phối hợp giữa Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam quận "
         "Đống Đa – giai đoạn 2021–2026; Uỷ viên Ban Thường vụ “Nguyễn Thị Ánh”… NGÃ TƯ SỞ, ĂN, ƯƠM, Ơ\u00a0đây")


def test_vietnamese_in_every_spelling_is_clean():
    check_clean_text(CLEAN)
    check_clean_text(unicodedata.normalize("NFD", CLEAN))  # Windows-1258's combining tones
    check_clean_text("Dòng một\tcột\r\nDòng hai\f\n")


@pytest.mark.parametrize("codec", ["cp1252", "cp1258"])
def test_utf8_read_as_windows_125x_is_mojibake(codec):
    garbled = CLEAN.encode("utf-8").decode(codec, "replace")
    assert mojibake_count(garbled) >= 10, garbled[:60]
    with pytest.raises(BadTextError) as failure:
        check_clean_text(garbled)
    assert failure.value.kind == "bad_encoding"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x0b"])
def test_control_characters_make_a_bad_article(char):
    text = f"Tin tức\n\nTiêu đề\nNgày đăng 01/02/2025 | 08:00\n\nĐoạn một{char} tiếp.\n\nVăn phòng\n"
    with pytest.raises(ArticleFormatError, match="control character"):
        parse_article(text)
