"""Accuracy and speed of monitor.detect on the corpus (tuning and test parts), the old devset and the seeds.

    .venv/bin/python bench/accuracy.py [-v] [--test-dir DIR]

Prints, side by side per part, precision/recall/F1 for signings, person-post
pairs and changes, and the share of signings placed in the right district;
articles per second of extraction; and, as a baseline for person names,
underthesea's NER (the optional `ner` extra) next to ours. Each article is
read with its site's district as the hint (``site_district``, else
``district``), as the pipeline reads it. ``-v`` lists misses of the tuning
part, the devset and the seeds, never of the test part (tuning on it would
make its figures lies). Run from the repository root.
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
from monitor.alert_config import DEFAULT_MIN_CONFIDENCE  # noqa: E402
from monitor.detect.evaluation import Score, Scores  # noqa: E402
from monitor.detect.sentences import sentences_of  # noqa: E402
from storage.canonical import read_article_file  # noqa: E402
from storage.normalize import fold  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "devset"
SEEDS = ROOT / "tests" / "data" / "detect" / "seeds"
CORPUS = ROOT / "tests" / "data" / "corpus"
# The tuning part's fresh batches (211-250, 251-280, 281-310, 311-340, 341+), each from outlets used nowhere before and
# measured before any rule was tuned on it; shown apart so that their figures can be compared across changes.
FRESH_BATCHES = ((211, 250), (251, 280), (281, 310), (311, 340), (341, 999))
FRESH_TITLES = tuple(f"tune {first}-{last}" if last < 999 else f"tune {first}+" for first, last in FRESH_BATCHES)


def labelled(directory: Path, labels_file: str) -> list[tuple[str, object, dict]]:
    """(file name, article, label) of every labelled article in a directory; [] when it is absent."""
    if not (directory / labels_file).is_file():
        return []
    labels = json.loads((directory / labels_file).read_text(encoding="utf-8"))["articles"]
    return [(name, read_article_file(directory / name), label) for name, label in sorted(labels.items())]


def hint(label: dict) -> str | None:
    """What the pipeline knows of an article's place: its site's district."""
    return label.get("site_district", label.get("district"))


def score(cases) -> Scores:
    scores = Scores(alert_minimum=DEFAULT_MIN_CONFIDENCE)
    for name, article, label in cases:
        scores.add(name, label, extract_facts(article, district_hint=hint(label)))
    return scores


def _cell(s: Score, measure: str) -> str:
    if s.tp + s.fp + s.fn == 0:
        return "-"
    value = {"P": s.precision, "R": s.recall, "F1": s.f1}[measure]
    return f"{value:.3f}"


# Changes split by the alert minimum: only the precision of what was found there means anything.
_MEASURES = {"places": ("acc",), "confident_changes": ("P",), "doubtful_changes": ("P",)}


def table(parts: list[tuple[str, list, Scores | None]]) -> list[str]:
    """Rows of measures, a column per part ("n/a" where a part is absent)."""
    rows = [("articles", [str(len(cases)) if scores else "n/a" for _, cases, scores in parts])]
    measures = (("signing", "signings"), ("person-post", "pairs"), ("  + qualifier", "qualified_pairs"),
                ("change", "changes"), (f" ≥{DEFAULT_MIN_CONFIDENCE} alerting", "confident_changes"),
                (f" <{DEFAULT_MIN_CONFIDENCE} listed", "doubtful_changes"), ("signing place", "places"))
    for title, attr in measures:
        for measure in _MEASURES.get(attr, ("P", "R", "F1")):
            cells = []
            for _, _, scores in parts:
                if scores is None:
                    cells.append("n/a")
                elif attr == "places":
                    right, total = scores.places
                    cells.append(f"{right / total:.3f} ({right}/{total})" if total else "-")
                elif attr in ("confident_changes", "doubtful_changes"):
                    s = getattr(scores, attr)
                    cells.append(f"{s.precision:.3f} ({s.tp}/{s.tp + s.fp})" if s.tp + s.fp else "-")
                else:
                    cells.append(_cell(getattr(scores, attr), measure))
            rows.append((f"{title} {measure}", cells))
    width = max(14, *(len(c) for _, cells in rows for c in cells))
    out = ["  " + f"{'':<20}" + "".join(f"{name:>{width + 2}}" for name, _, _ in parts)]
    for title, cells in rows:
        out.append("  " + f"{title:<20}" + "".join(f"{c:>{width + 2}}" for c in cells))
    return out


def misses(scores: Scores) -> list[str]:
    return (scores.signings.misses + scores.pairs.misses + scores.qualified_pairs.misses
            + scores.changes.misses + scores.place_misses)


def line(title: str, s: Score) -> str:
    return (f"  {title:<34} P {s.precision:6.1%}  R {s.recall:6.1%}  F1 {s.f1:6.1%}"
            f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})")


def speed(articles, seconds: float = 3.0) -> float:
    """Articles per CPU second of this process: one core's rate, whatever else the machine runs."""
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for article in articles:
            extract_facts(article)
        done += len(articles)
    return done / (time.process_time() - start)


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
            return theirs, ours, ("underthesea is not installed (pip install '.[ner]': its NER is a CRF "
                                  "model shipped in the package, no torch needed); no baseline")
        theirs.add(expected, found, name)
        ours.add(expected, {fold(p.name) for p in extract_facts(article, hint(label)).people}, name)
    return theirs, ours, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="List every miss and wrong fact (never for the test part).")
    parser.add_argument("--test-dir", type=Path, default=CORPUS / "test",
                        help="The corpus's test part (default: tests/data/corpus/test).")
    parser.add_argument("--no-speed", action="store_true", help="Skip the speed and baseline runs.")
    args = parser.parse_args()
    tune = labelled(CORPUS / "tune", "labels.json")
    parts = [("tune", tune),
             *((title, [c for c in tune if c[0][:3].isdigit() and first <= int(c[0][:3]) <= last])
               for title, (first, last) in zip(FRESH_TITLES, FRESH_BATCHES)),
             ("test", labelled(args.test_dir, "labels.json")),
             ("devset", labelled(DEVSET, "labels.json")),
             ("seeds", labelled(SEEDS, "expected.json"))]
    scored = [(name, cases, score(cases) if cases else None) for name, cases in parts]
    print("Accuracy per part (changes of the seeds: none is announced in one article)")
    print("\n".join(table(scored)))
    if args.verbose:
        for name, _, scores in scored:
            if scores is None or name in ("test", *FRESH_TITLES):
                continue
            for miss in misses(scores):
                print(f"     [{name}] {miss}")
    if args.no_speed:
        return 0
    # The fresh batch is part of the tuning part: counted once.
    repeated = ("test", *FRESH_TITLES)
    everything = [a for title, cases in parts if title not in repeated for _, a, _ in cases]
    rate = speed(everything)
    print(f"Speed: {rate:,.0f} articles per CPU second on one core (target >= 500/s)")
    for title, cases in parts:
        if not cases or title in FRESH_TITLES:
            continue
        theirs, ours, problem = baseline(cases)
        print(f"Person names, {title}: people with a post (baseline: underthesea NER, any person)")
        if problem:
            print(f"  {problem}")
            continue
        print(line("underthesea ner (PER)", theirs))
        print(line("monitor.detect", ours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
