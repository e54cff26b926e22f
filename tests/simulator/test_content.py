"""Generated content: deterministic, scalable, and carrying the stories the detectors need."""

from portalwatch.simulator import Simulator
from portalwatch.simulator.generator import generate
from portalwatch.simulator.content import site_data


def _specs():
    return [spec for spec, _ in site_data()]


def test_generation_is_deterministic_and_scales():
    first = generate(_specs(), 7, 30)
    again = generate(_specs(), 7, 30)
    assert first == again
    assert generate(_specs(), 8, 30) != first
    big = generate(_specs(), 7, 300)
    assert all(len(big[name]) >= 300 for name in big)


def test_every_site_has_signings_leadership_changes_and_news():
    for name, articles in generate(_specs(), 2024, 30).items():
        kinds = {a.kind for a in articles}
        assert {"signing", "leadership", "news"} <= kinds, name
        for article in articles:
            if article.kind == "leadership":
                assert article.facts["new_holder"] in " ".join(b.text for b in article.blocks)


def test_signing_names_hdnd_ubnd_and_mttq():
    signing = next(a for a in generate(_specs(), 2024, 30)["caugiay"] if a.kind == "signing")
    text = signing.title + " " + " ".join(b.text for b in signing.blocks)
    assert "ký kết chương trình phối hợp" in text and "HĐND" in text and "UBND" in text and "MTTQ" in text


def test_same_story_republished_with_other_lead_and_byline():
    articles = generate(_specs(), 2024, 30)
    copies = [a for a in articles["mttqhanoi"] if a.kind == "republished"]
    assert {a.facts["source_site"] for a in copies} >= {"caugiay", "thanhtri", "phuonghoankiem"}
    copy = next(a for a in copies if a.facts["source_site"] == "caugiay")
    original = next(a for a in articles["caugiay"] if a.article_id == copy.facts["source_id"])
    assert copy.title == original.title
    assert copy.blocks[0].text != original.blocks[0].text
    assert copy.blocks[-1].text != original.blocks[-1].text
    assert copy.blocks[1:-1] == original.blocks[1:-1]


def test_scale_and_seed_reach_the_simulator():
    sim = Simulator(scale=10, sites=["thanhtri"])
    assert len(sim.articles("thanhtri")) >= 300
    assert Simulator(seed=1, sites=["caugiay"]).articles()[0].title == \
        Simulator(seed=1, sites=["caugiay"]).articles()[0].title
