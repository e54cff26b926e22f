"""Exact and near-duplicate detection of article bodies.

- Exact: ``body_hash`` is SHA-256 over ``fold(body)``, so tone placement,
  dashes, spacing and case variants of one text hash the same.
- Near: MinHash (rensa's R-MinHash) over word 3-shingles of the folded body, banded for LSH
  (``band_keys``). A candidate is a duplicate when the estimated Jaccard
  similarity is high enough AND its names, dates and numbers agree
  (``names_agree``): two districts' reports written from one template share
  most shingles but not the people, places and dates in them.

The index itself is a plain mapping band key -> ids (``LshIndex``) in memory,
or the ``article_bands`` table in the store; both use the functions here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import xxhash
from rensa import RMinHash

from storage.normalize import fold

NUM_PERM = 120
BANDS = 20
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
MINHASH_SEED = 0x5EED
# Estimated Jaccard similarity of shingles above which two bodies may be one
# story. Government news is formulaic: unrelated reports share 30-45% of
# their 3-shingles, a republished copy 75% or more. With 20 bands of 6 rows a
# pair becomes a candidate with probability 0.08 at 0.4, 0.62 at 0.6, 0.92 at
# 0.7 and 0.998 at 0.8.
SIMILARITY_THRESHOLD = 0.6
# Share of names/dates/numbers two bodies must have in common (Jaccard).
NAMES_THRESHOLD = 0.5

_rng = np.random.default_rng(0x5EED)
# The permutations of the numpy MinHash rensa replaced: still drawn, so that the mixers
# below (shingles, bands) keep the values they have always had.
_rng.integers(0, 2**64, NUM_PERM, dtype=np.uint64)
_rng.integers(0, 2**64, NUM_PERM, dtype=np.uint64)
_SHINGLE_MIX = _rng.integers(1, 2**32, SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)
_BAND_MIX = _rng.integers(1, 2**63, ROWS + 1, dtype=np.uint64) | np.uint64(1)
_MASK32 = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+")


def body_hash(body: str) -> str:
    return _hash_folded(fold(body))


def _hash_folded(folded: str) -> str:
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _word_hashes(folded: str) -> np.ndarray:
    return np.fromiter((xxhash.xxh32_intdigest(w.encode("utf-8")) for w in _WORD.findall(folded)), dtype=np.uint64)


def shingle_hashes(body: str) -> np.ndarray:
    """32-bit hashes of the word 3-shingles of a body (fewer words: of the words)."""
    return _shingles_of_folded(fold(body))


def _shingles_of_folded(folded: str) -> np.ndarray:
    words = _word_hashes(folded)
    if len(words) < SHINGLE_WORDS:
        return words
    n = len(words) - SHINGLE_WORDS + 1
    mixed = sum(words[i:i + n] * _SHINGLE_MIX[i] for i in range(SHINGLE_WORDS))
    return _sorted_unique((mixed >> np.uint64(16)) & _MASK32)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique of a 1-D array (sorted, each value once): np.unique imports numpy.ma on its
    first call, ~0.02-0.08 CPU-s of every crawl's store writer for one article."""
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def minhash(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32) of a set of shingle hashes: rensa's R-MinHash
    (Rust, ~30x the numpy permutations below, the same near-duplicate decisions on
    bench/dedup.py). Stored signatures are of this function: migration 0005 recomputed those of
    the numpy permutations used before, which no longer compare with these."""
    if len(shingles) == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(shingles, np.array([0, len(shingles)], dtype=np.uint64),
                                                          NUM_PERM, MINHASH_SEED)
    return np.asarray(matrix.to_rows()[0], dtype=np.uint32)


def signature(body: str) -> np.ndarray:
    return minhash(shingle_hashes(body))


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (signed so that it fits a BIGINT column)."""
    rows = sig.astype(np.uint64).reshape(BANDS, ROWS)
    keys = rows @ _BAND_MIX[:ROWS] + np.arange(BANDS, dtype=np.uint64) * _BAND_MIX[ROWS]
    return keys.view(np.int64).tolist()


def estimated_similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM


def signature_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


# --- names, dates and numbers -------------------------------------------------

# Capitalised words that every district's report shares: institutions, titles,
# the country. A run made only of these names no one in particular.
_COMMON_CAPITALISED = frozenset(fold(w) for w in """
    Ủy Uỷ Ban Hội Đồng Nhân Dân Mặt Trận Tổ Quốc Việt Nam MTTQ HĐND UBND UBMTTQ Đảng Bộ
    Thường Trực Vụ Chủ Tịch Phó Bí Thư Huyện Quận Thị Xã Phường Thành Phố Tỉnh Trung Ương
    Chương Trình Quy Chế Nghị Quyết Kế Hoạch Đại Hội Hội Nghị Ký Kết Phối Hợp Năm Ngày Tháng
    Đồng Chí Các Tại Theo Trong Với Và Của Cùng Đến Dự Sáng Chiều Tối Nhà Nước Chính Phủ
    Quốc Hội Cộng Hòa Hoà Xã Hội Chủ Nghĩa Văn Phòng Trung Tâm Tin Ảnh Bài
""".split())
# Words joined by single spaces or hyphens, as a name is written.
_WORD_RUN = re.compile(r"\w+(?:[ \-]\w+)*")
_NUMBER = re.compile(r"\d+(?:[/.,]\d+)*")


def name_keys(text: str) -> frozenset[str]:
    """Names (runs of two or more capitalised words), dates and numbers of a text, folded."""
    keys: set[str] = set()
    for run in _WORD_RUN.findall(text):
        words = re.split(r"[ \-]", run)
        current: list[str] = []
        for word in words + [""]:
            if word[:1].isupper():
                current.append(word)
                continue
            if len(current) >= 2:
                folded = fold(" ".join(current)).split(" ")
                if any(w not in _COMMON_CAPITALISED for w in folded):
                    keys.add(_NAME_PREFIX + " ".join(folded))
            current = []
    keys.update(_NUMBER_PREFIX + n for n in _NUMBER.findall(text) if len(n) >= 2)
    return frozenset(keys)


_NAME_PREFIX, _NUMBER_PREFIX = "n:", "#:"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class NameSets:
    names: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, keys: Iterable[str]) -> NameSets:
        keys = list(keys)
        return cls(frozenset(k for k in keys if k.startswith(_NAME_PREFIX)),
                   frozenset(k for k in keys if k.startswith(_NUMBER_PREFIX)))


def names_agree(a: NameSets, b: NameSets) -> bool:
    """Whether two texts speak of the same people and places (or, failing
    names, the same dates and figures)."""
    for keys_a, keys_b in ((a.names, b.names), (a.numbers, b.numbers)):
        if keys_a and keys_b:
            return _jaccard(keys_a, keys_b) >= NAMES_THRESHOLD
    return True  # nothing to tell them apart: the text similarity decides


# --- fingerprint and in-memory index ------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    exact: str
    sig: np.ndarray
    keys: frozenset[str]  # name_keys of the body, as the store keeps them
    names: NameSets

    @classmethod
    def of(cls, body: str) -> Fingerprint:
        keys = name_keys(body)
        folded = fold(body)  # once for both the hash and the shingles
        return cls(exact=_hash_folded(folded), sig=minhash(_shingles_of_folded(folded)), keys=keys,
                   names=NameSets.of(keys))

    def matches(self, other_sig: np.ndarray, other_names: NameSets) -> bool:
        return (estimated_similarity(self.sig, other_sig) >= SIMILARITY_THRESHOLD
                and names_agree(self.names, other_names))


@dataclass
class LshIndex:
    """Band key -> document ids, plus what the check needs of each document."""

    buckets: dict[int, list[int]] = field(default_factory=dict)
    sigs: dict[int, np.ndarray] = field(default_factory=dict)
    names: dict[int, NameSets] = field(default_factory=dict)

    def add(self, doc_id: int, fp: Fingerprint) -> None:
        for key in band_keys(fp.sig):
            self.buckets.setdefault(key, []).append(doc_id)
        self.sigs[doc_id] = fp.sig
        self.names[doc_id] = fp.names

    def candidates(self, fp: Fingerprint) -> set[int]:
        found: set[int] = set()
        for key in band_keys(fp.sig):
            bucket = self.buckets.get(key)
            if bucket:
                found.update(bucket)
        return found

    def query(self, fp: Fingerprint, exclude: int | None = None) -> list[int]:
        """Ids of the indexed documents that are near-duplicates of ``fp``."""
        return sorted(doc for doc in self.candidates(fp)
                      if doc != exclude and fp.matches(self.sigs[doc], self.names[doc]))
