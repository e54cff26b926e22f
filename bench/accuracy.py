"""Accuracy and speed of monitor.detect on the development set and the seeds.

    .venv/bin/python bench/accuracy.py [--quiet]

Prints precision, recall and F1 for signings, person-post pairs and changes;
articles per second of extraction; and, as a baseline for person names,
underthesea's NER (the optional `ner` extra) next to ours. Run from the
repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.detect import extract_facts  # noqa: E402
from monitor.detect.evaluation import Score, Scores  # noqa: E402
from monitor.detect.sentences import sentences_of  # noqa: E402
from storage.canonical import read_article_file  # noqa: E402
from storage.normalize import fold  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "devset"
SEEDS = ROOT / "tests" / "data" / "detect" / "seeds"


def labelled(directory: Path, labels_file: str) -> list[tuple[str, object, dict]]:
    """(file name, article, label) of every labelled article in a directory."""
    labels = json.loads((directory / labels_file).read_text(encoding="utf-8"))["articles"]
    return [(name, read_article_file(directory / name), label) for name, label in sorted(labels.items())]


def score(cases) -> Scores:
    scores = Scores()
    for name, article, label in cases:
        scores.add(name, label, extract_facts(article, district_hint=label.get("district")))
    return scores


def line(title: str, s: Score) -> str:
    return (f"  {title:<34} P {s.precision:6.1%}  R {s.recall:6.1%}  F1 {s.f1:6.1%}"
            f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})")


def report(title: str, scores: Scores, verbose: bool) -> None:
    print(f"{title}")
    print(line("signings (found, right kind)", scores.signings))
    print(line("person-post pairs (name,post,scope)", scores.pairs))
    print(line("  ... and qualifier", scores.qualified_pairs))
    print(line("changes (kind,post,new,old)", scores.changes))
    if verbose:
        for miss in scores.pairs.misses + scores.qualified_pairs.misses + scores.signings.misses \
                + scores.changes.misses:
            print("     ", miss)


def speed(articles, seconds: float = 3.0) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for article in articles:
            extract_facts(article)
        done += len(articles)
    return done / (time.perf_counter() - start)


def underthesea_names(article) -> set[str] | None:
    """Person names underthesea's NER finds in an article's body; None when it cannot run."""
    try:
        from underthesea import ner
    except Exception:  # noqa: BLE001 - any import failure means: no baseline
        return None
    names: set[str] = set()
    for s in sentences_of(article.body_paragraphs):
        current: list[str] = []
        for token in ner(s.text) + [("", "", "", "O")]:
            word, tag = token[0], token[-1]
            if tag == "B-PER" or (tag == "I-PER" and not current):
                if current:
                    names.add(fold(" ".join(current)))
                current = [word]
            elif tag == "I-PER":
                current.append(word)
            elif current:
                names.add(fold(" ".join(current)))
                current = []
    return names


def baseline(cases) -> tuple[Score, Score, str | None]:
    """(underthesea, ours) on person names: the people a label names with a post."""
    theirs, ours = Score(), Score()
    for name, article, label in cases:
        expected = {fold(p["name"]) for p in label.get("people", [])}
        try:
            found = underthesea_names(article)
        except Exception as exc:  # noqa: BLE001 - the model may be missing offline
            return theirs, ours, f"underthesea's NER could not run: {type(exc).__name__}: {exc}"
        if found is None:
            return theirs, ours, ("underthesea is not installed (pip install '.[ner]', after "
                                  "'pip install torch==2.13.0' for the CPU wheel); no baseline")
        theirs.add(expected, found, name)
        ours.add(expected, {fold(p.name) for p in extract_facts(article, label.get("district")).people}, name)
    return theirs, ours, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="List every miss and wrong fact.")
    args = parser.parse_args()
    devset = labelled(DEVSET, "labels.json")
    seeds = labelled(SEEDS, "expected.json")
    report(f"Development set ({len(devset)} articles, tests/data/devset)", score(devset), args.verbose)
    report(f"Seeds ({len(seeds)} articles, expected.json; changes: none is announced in one article)",
           score(seeds), args.verbose)
    rate = speed([a for _, a, _ in devset + seeds])
    print(f"Speed: {rate:,.0f} articles/s on one core (target >= 200/s)")
    for title, cases in (("development set", devset), ("seeds", seeds)):
        theirs, ours, problem = baseline(cases)
        print(f"Person names, {title}: people with a post (baseline: underthesea NER, any person)")
        if problem:
            print(f"  {problem}")
            print(line("ours", ours) if ours.tp + ours.fn else "  ours: see person-post pairs above")
            continue
        print(line("underthesea ner (PER)", theirs))
        print(line("monitor.detect", ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
