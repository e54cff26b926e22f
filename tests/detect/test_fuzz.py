"""Random and mangled Vietnamese text never makes the detectors raise."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.detect import read_article
from storage.canonical import CanonicalArticle, read_article_file

SEEDS = Path(__file__).parent.parent / "data" / "detect" / "seeds"
DEVSET = Path(__file__).parent.parent / "data" / "devset"
TEXTS = [p for f in sorted(SEEDS.glob("*.txt")) + sorted(DEVSET.glob("*.txt"))[:20]
         for p in read_article_file(f).paragraphs]
WORDS = sorted({w for p in TEXTS for w in p.split()})
NOISE = ["-", "–", "\u00a0", ";", ",", ":", "đ/c", "Ủy", "uỷ", "\n", "(", ")", "./.", "10/1", "2021-2026",
         "UVBTV", "HoaTUV", "Son-", "  ", "\u200b", "ký kết", "chương trình phối hợp", "giữ chức", "bầu"]


def _article(paragraphs: list[str], published: datetime) -> CanonicalArticle:
    return CanonicalArticle(title=paragraphs[0] if paragraphs else "", published=published,
                            paragraphs=tuple(paragraphs[1:]) or ("",))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=200), max_size=6),
       st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_random_text_never_raises(paragraphs: list[str], published: datetime) -> None:
    facts = read_article(_article(paragraphs, published))
    facts.to_json("x")


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=len(TEXTS) - 1),
       st.lists(st.sampled_from(NOISE), max_size=12))
def test_mangled_vietnamese_never_raises(rng: random.Random, start: int, noise: list[str]) -> None:
    words = " ".join(TEXTS[start:start + 3]).split()
    rng.shuffle(words)
    for token in noise:  # dashes, nbsp, abbreviations and cue phrases in random places
        words.insert(rng.randint(0, len(words)), token)
    text = " ".join(words)
    cut = rng.randint(0, len(text))  # truncated anywhere, even inside a word
    paragraphs = [text[:cut], text[cut:], rng.choice(WORDS) if WORDS else ""]
    facts = read_article(_article(paragraphs, datetime(2020, 1, 12)))
    for person in facts.people:
        assert person.name == person.name.strip() and person.posts
    facts.to_json("x")
