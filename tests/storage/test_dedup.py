from pathlib import Path

import pytest
import yaml

from storage.dedup import Fingerprint, LshIndex, body_hash, estimated_similarity, name_keys
from storage.canonical import read_article_file

CASES = yaml.safe_load((Path(__file__).parent.parent / "data/storage/dedup_cases.yaml").read_text("utf-8"))


def test_body_hash_ignores_spelling_variants_but_not_words():
    a = "Ủy ban MTTQ huyện – ký kết “chương trình” phối hợp"
    assert body_hash(a) == body_hash("Uỷ  ban mttq huyện - ký kết \"chương trình\" phối hợp")
    assert body_hash(a) != body_hash(a.replace("ký kết", "tổng kết"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_near_duplicate_decision(case):
    a, b = Fingerprint.of(case["a"]), Fingerprint.of(case["b"])
    index = LshIndex()
    index.add(1, a)
    assert (index.query(b) == [1]) is case["same"]


def test_template_siblings_are_textually_close_but_told_apart_by_names():
    siblings = next(c for c in CASES if not c["same"])
    a, b = Fingerprint.of(siblings["a"]), Fingerprint.of(siblings["b"])
    assert estimated_similarity(a.sig, b.sig) >= 0.6  # the text alone would group them
    assert not a.matches(b.sig, b.names)


def test_name_keys_find_people_and_dates_not_institutions(seed_paths):
    keys = name_keys(read_article_file(seed_paths[2]).body)
    assert "n:trần thị phương hoa" in keys
    assert "#:21/01/2021" in keys
    assert not any(k in keys for k in ("n:ủy ban mttq việt nam", "n:hđnd"))


def test_unrelated_seeds_are_not_grouped(seed_paths):
    index = LshIndex()
    fps = [Fingerprint.of(read_article_file(p).body) for p in seed_paths]
    for i, fp in enumerate(fps):
        assert index.query(fp) == []
        index.add(i, fp)


@pytest.mark.parametrize("case", CASES[:3], ids=[c["name"] for c in CASES[:3]])
def test_fingerprint_is_the_body_hash_and_signature_of_the_body(case):
    """Fingerprint.of folds the body once; what it stores must not differ from the
    separate functions (stored signatures and band keys must stay comparable)."""
    from storage.dedup import signature

    fp = Fingerprint.of(case["a"])
    assert fp.exact == body_hash(case["a"])
    assert (fp.sig == signature(case["a"])).all()


@pytest.mark.parametrize("values", [[], [7], [3, 3], [5, 1, 5, 2, 1, 9], list(range(40, 0, -3)) * 2])
def test_shingles_are_sorted_and_each_once_as_np_unique_gives_them(values):
    import numpy as np

    from storage.dedup import _sorted_unique

    array = np.array(values, dtype=np.uint64)
    got = _sorted_unique(array)
    assert got.dtype == np.uint64 and got.tolist() == np.unique(array).tolist()


def test_a_fingerprint_does_not_import_numpy_ma():
    """np.unique imports numpy.ma (~0.05 CPU-s); the store writer of a one-article crawl paid it."""
    import subprocess
    import sys

    code = ("import sys; from storage.dedup import Fingerprint; "
            "Fingerprint.of('Ông Nguyễn Văn An ký kết quy chế phối hợp với huyện Thanh Trì'); "
            "print('numpy.ma' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_store_imports_numpy_only_for_a_fingerprint(tmp_path):
    """A crawl that finds nothing new, `status`, `events`: no NumPy (~0.05-0.1 CPU-s of a start)."""
    import subprocess
    import sys

    from storage.store import Store

    Store.open(f"sqlite:///{tmp_path / 'n.db'}").engine.dispose()  # created (its migrations sign nothing)
    code = (f"import sys; from storage.store import Store; store = Store.open('sqlite:///{tmp_path / 'n.db'}'); "
            "store.count_articles(); before = 'numpy' in sys.modules; "
            "from storage.canonical import read_article_file; import glob; "
            "path = sorted(glob.glob('../shared/seeds/*.txt'))[0]; "
            "print(before, store.save_article(read_article_file(path), url='https://a.gov.vn/1', site='thanhtri').status, "
            "'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "new", "True"]
