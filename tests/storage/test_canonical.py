from datetime import datetime
from pathlib import Path

import pytest
import yaml

from storage.normalize import encode_windows_1258
from storage.canonical import (ArticleFormatError, CanonicalArticle, decode_article_bytes,
                               format_article, parse_article, parse_date_line, read_article_file)

DATA = Path(__file__).parent.parent / "data/storage"
BAD = yaml.safe_load((DATA / "bad_articles.yaml").read_text("utf-8"))
DATES = yaml.safe_load((DATA / "date_lines.yaml").read_text("utf-8"))


def test_every_seed_is_written_as_its_canonical_file(seed_paths):
    for seed in seed_paths:
        expected = (seed.parent / "canonical" / seed.name).read_bytes()
        assert format_article(read_article_file(seed)).encode("utf-8") == expected, seed.name


def test_canonical_files_are_a_fixed_point(seed_paths):
    for seed in seed_paths:
        canonical = (seed.parent / "canonical" / seed.name).read_text("utf-8")
        assert format_article(parse_article(canonical)) == canonical


def test_seed_fields_match_expected(seed_paths):
    import json

    expected = json.loads((seed_paths[0].parent / "expected.json").read_text("utf-8"))["articles"]
    for seed in seed_paths:
        article, want = read_article_file(seed), expected[seed.name]
        assert article.category == want["category"]
        assert article.published_iso == want["published"]
        assert article.views == want["views"]


def test_bylines_are_not_body():
    article = read_article_file(Path(__file__).parents[3] / "shared/seeds/003_747f56fbf521834a.txt")
    assert article.byline == "Tin: Vân Anh (VP HĐND&UBND quận)"
    assert "Vân Anh" not in article.body
    assert article.body_paragraphs[0].startswith("Chiều ngày 13/01/2020")


def test_long_last_paragraph_is_not_a_byline():
    article = CanonicalArticle("T", datetime(2020, 1, 1, 8, 0),
                               ("Mở đầu.", "Đây là một đoạn dài kết thúc bằng dấu chấm."))
    assert article.byline is None and article.body.endswith("dấu chấm.")


@pytest.mark.parametrize("case", DATES, ids=[c["line"] for c in DATES])
def test_date_lines(case):
    parsed = parse_date_line(case["line"])
    if case["published"] is None:
        assert parsed is None
    else:
        assert parsed == (datetime.fromisoformat(case["published"]), case["views"])


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_bad_inputs_raise_a_clear_error(case):
    with pytest.raises(ArticleFormatError, match=case["error"]):
        parse_article(case["text"])


def test_binary_is_refused():
    with pytest.raises(ArticleFormatError, match="binary"):
        decode_article_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_windows_1258_is_decoded_to_nfc(seed_paths):
    text = seed_paths[0].read_text("utf-8")
    data = encode_windows_1258(text)
    assert b"\xd2" in data or b"\xde" in data  # tones travel as combining marks
    decoded = decode_article_bytes(data)
    article = parse_article(decoded)
    assert format_article(article) == (seed_paths[0].parent / "canonical" / seed_paths[0].name).read_text("utf-8")


def test_utf8_bom_and_crlf_are_accepted(seed_paths):
    canonical = (seed_paths[1].parent / "canonical" / seed_paths[1].name).read_text("utf-8")
    data = b"\xef\xbb\xbf" + canonical.replace("\n", "\r\n").encode("utf-8")
    assert format_article(parse_article(decode_article_bytes(data))) == canonical


def test_writer_refuses_an_article_without_paragraphs():
    with pytest.raises(ArticleFormatError):
        format_article(CanonicalArticle("T", datetime(2020, 1, 1), ()))


def test_missing_category_and_views_are_written_as_the_format_says():
    article = CanonicalArticle("Tiêu đề", datetime(2021, 1, 23, 14, 46), ("Đoạn một.", "Tác giả"))
    assert format_article(article) == "\n\nTiêu đề\nNgày đăng 23/01/2021 | 14:46\n\nĐoạn một.\n\nTác giả\n"
