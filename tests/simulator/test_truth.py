"""The seeds are served so that a correct extractor yields the canonical files, and
every other article's page carries exactly its truth."""

from pathlib import Path

import pytest

from portalwatch.simulator.content import content_dir, seed_entries
from tests.simulator.helpers import extract, fetch

SHARED = Path("/work/shared/seeds/canonical")
SEEDS = [entry["file"] for entry in seed_entries()]


def canonical_file(name: str) -> str:
    shared = SHARED / name
    path = shared if shared.exists() else content_dir() / "seeds" / "canonical" / name
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_truth_is_the_canonical_file(simulator_module, seed):
    assert simulator_module.truth(simulator_module.seed_url(seed)) == canonical_file(seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_page_read_with_the_documented_selectors_gives_the_canonical_file(simulator_module, seed):
    url = simulator_module.seed_url(seed)
    platform = simulator_module.article(url).site
    page = fetch(url)
    assert page.status == 200
    assert extract(page.text, simulator_module.site(platform).spec.platform) == canonical_file(seed)


def test_seed_pages_keep_their_quirks(simulator_module):
    sim = simulator_module
    hoankiem = fetch(sim.seed_url("003_747f56fbf521834a.txt")).text
    assert '<span class="hide-accessible">Thông tin hoạt động HĐND</span>' in hoankiem
    assert "22/01/2020 | 11:21</span> &nbsp;|&nbsp;<span class=\"metadata-entry metadata-view-count\">View Count: 1336" in hoankiem
    assert "Bình chọn" in hoankiem and "Theo bạn Hà Nội" in hoankiem
    thanhtri = fetch(sim.seed_url("000_8c87a9c90fa289fa.txt")).text
    assert "Ngày đăng 12/01/2020 | 16:29</span> &nbsp;|&nbsp;" in thanhtri
    assert "&nbsp; &nbsp;Trong năm 2019" in thanhtri
    caugiay = fetch(sim.seed_url("002_1f35310a5929b119.txt")).text
    assert "23/01/2021 - 02:46 PM" in caugiay
    assert "Các tin tức khác" in caugiay and "danh mục tin tức" in caugiay
    assert "portlet-title" not in caugiay


def test_every_article_page_carries_its_truth(simulator_module):
    sim = simulator_module
    for url, truth in sim.truths().items():
        platform = sim.site(sim.article(url).site).spec.platform
        assert extract(fetch(url).text, platform) == truth, url
