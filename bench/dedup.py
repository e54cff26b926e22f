"""Near-duplicate detection: quality and speed of the MinHash LSH index.

Builds N synthetic articles (bases, republished copies, template siblings),
indexes them all, and on a sample of whole families (a story with its copies
and its siblings) compares the index's answers with:
- exact pairwise truth: the same decision rule computed exactly (true shingle
  Jaccard for every pair, no LSH), which measures what banding loses;
- the generator's truth: which articles are one story.

    .venv/bin/python bench/dedup.py [--articles 100000] [--sample 1500]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic_articles import generate  # noqa: E402
from storage.dedup import (SIMILARITY_THRESHOLD, Fingerprint, LshIndex, NameSets,  # noqa: E402
                           name_keys, names_agree, shingle_hashes)


def prf(predicted: set, truth: set) -> tuple[float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1500, help="articles in the exactly judged sample")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    articles = generate(args.articles, seed=args.seed)
    print(f"articles: {len(articles)} ({sum(a.kind == 'copy' for a in articles)} copies, "
          f"{sum(a.kind == 'sibling' for a in articles)} template siblings), generated in "
          f"{time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    fps = [Fingerprint.of(a.body) for a in articles]
    elapsed = time.perf_counter() - t0
    print(f"fingerprints (hash + MinHash + names): {len(fps) / elapsed:,.0f} per second")

    tracemalloc.start()
    index = LshIndex()
    for i, fp in enumerate(fps):
        index.add(i, fp)
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"index memory: {index_bytes / len(fps):,.0f} bytes per document")

    # The sample: whole families, so that every true pair and every sibling is in it.
    families: dict[int, list[int]] = {}
    for i, a in enumerate(articles):
        families.setdefault(a.family, []).append(i)
    rng = random.Random(args.seed)
    sample: list[int] = []
    for family in rng.sample(sorted(families), len(families)):
        if len(sample) >= args.sample:
            break
        sample.extend(families[family])
    in_sample = set(sample)

    t0 = time.perf_counter()
    predicted = set()
    for i in sample:
        for j in index.query(fps[i], exclude=i):
            if j in in_sample:
                predicted.add((min(i, j), max(i, j)))
    per_query = (time.perf_counter() - t0) / len(sample)

    t0 = time.perf_counter()
    shingles = {i: shingle_hashes(articles[i].body) for i in sample}
    names = {i: NameSets.of(name_keys(articles[i].body)) for i in sample}
    exact = set()
    for i, j in itertools.combinations(sorted(sample), 2):
        a, b = shingles[i], shingles[j]
        inter = len(np.intersect1d(a, b, assume_unique=True))
        if inter / (len(a) + len(b) - inter) >= SIMILARITY_THRESHOLD and names_agree(names[i], names[j]):
            exact.add((i, j))
    exact_seconds = time.perf_counter() - t0
    story = {(i, j) for i, j in itertools.combinations(sorted(sample), 2)
             if articles[i].story == articles[j].story}
    siblings = {(i, j) for i, j in itertools.combinations(sorted(sample), 2)
                if articles[i].family == articles[j].family and articles[i].story != articles[j].story}

    p_exact, r_exact = prf(predicted, exact)
    p_story, r_story = prf(predicted, story)
    print(f"sample: {len(sample)} articles, {len(story)} same-story pairs, {len(siblings)} template-sibling "
          f"pairs (exact truth over all {len(sample) * (len(sample) - 1) // 2:,} pairs in {exact_seconds:.0f} s)")
    print(f"against exact pairwise truth: precision {p_exact:.4f}  recall {r_exact:.4f}")
    print(f"against the generator's stories: precision {p_story:.4f}  recall {r_story:.4f}")
    print(f"template siblings grouped: {len(predicted & siblings)} of {len(siblings)}")
    print(f"query + check: {per_query * 1e6:.1f} µs per document (target <= 50)")
    ok = p_exact >= 0.99 and r_exact >= 0.93 and per_query <= 50e-6
    print(f"targets (precision >= 0.99, recall >= 0.93, <= 50 µs): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
