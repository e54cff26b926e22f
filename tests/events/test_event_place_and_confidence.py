"""Events keep what the article said: the place its text names, the old holder, the evidence
sentence and a confidence; only confident events alert."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from monitor.events import analyse_pending, list_events
from storage.canonical import CanonicalArticle
from storage.models import Event, OutboxItem

# Articles written for these tests after the pattern of the city Front's reports.
SIGNINGS = {
    "Cầu Giấy": "Sáng 12/1, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam quận Cầu Giấy "
                "ký kết chương trình phối hợp công tác năm 2024.",
    "Đông Anh": "Chiều 15/1, Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam huyện Đông Anh đã ký kết "
                "chương trình phối hợp năm 2024.",
    "Thanh Trì": "Ngày 16/1, Thường trực HĐND, UBND và Ủy ban MTTQ Việt Nam huyện Thanh Trì tổ chức hội nghị "
                 "ký kết chương trình phối hợp công tác năm 2024.",
}


def _site(store, name: str, district: str, alert_backfill: bool = True) -> None:
    from crawler.registry import Site

    store.sync_sites([Site(name=name, url=f"http://{name}.local/", district=district,
                           alert_backfill=alert_backfill)])


def _save(store, site: str, slug: str, title: str, paragraphs: list[str], published: datetime) -> None:
    article = CanonicalArticle(title=title, published=published, paragraphs=tuple(paragraphs) + ("P.V",))
    store.save_article(article, url=f"http://{site}.local/{slug}", site=site)


def test_city_site_signings_are_placed_in_their_own_districts(store) -> None:
    _site(store, "mttqhanoi", "Hà Nội")
    for i, (district, sentence) in enumerate(SIGNINGS.items()):
        _save(store, "mttqhanoi", f"s{i}", f"{district} ký kết chương trình phối hợp năm 2024",
              [sentence, "Hội nghị thống nhất các nội dung phối hợp giám sát trong năm."],
              datetime(2024, 1, 17, 9, 0))
    # A city report that names officials of two districts: no city-level change between them.
    _save(store, "mttqhanoi", "list", "Mặt trận thành phố làm việc với các huyện",
          ["Dự buổi làm việc có đồng chí Hoàng Văn Khải, Chủ tịch HĐND huyện Đông Anh; "
           "đồng chí Lê Thị Hằng, Chủ tịch HĐND huyện Thanh Trì."], datetime(2024, 2, 1, 9, 0))
    _save(store, "mttqhanoi", "list2", "Mặt trận thành phố giám sát tại cơ sở",
          ["Tham dự có đồng chí Trịnh Văn Lộc, Chủ tịch HĐND huyện."], datetime(2024, 2, 3, 9, 0))
    analyse_pending(store)
    signings = list_events(store, type_="signing")
    assert sorted(e["district"] for e in signings) == sorted(SIGNINGS)
    assert [e["signing"]["district"] for e in list_events(store, type_="signing", district="Cầu Giấy")] \
        == ["Cầu Giấy"]
    assert all(0 < e["confidence"] <= 1 and e["evidence"] == [e["signing"]["evidence"]] for e in signings)
    assert list_events(store, type_="leadership_change") == []


def test_an_announced_change_keeps_its_old_holder_and_sentence(store) -> None:
    _site(store, "thanhoai", "Thanh Oai")
    sentence = ("Với 100% đại biểu có mặt tán thành, HĐND huyện đã bầu đồng chí Đinh Văn Quyết, Phó Bí thư "
                "Huyện ủy, giữ chức Chủ tịch UBND huyện Thanh Oai thay đồng chí Bùi Thị Nguyệt nghỉ hưu "
                "theo chế độ.")
    _save(store, "thanhoai", "bau", "HĐND huyện Thanh Oai bầu Chủ tịch UBND huyện",
          ["Chiều 20/3, HĐND huyện Thanh Oai tổ chức kỳ họp chuyên đề.", sentence],
          datetime(2024, 3, 21, 8, 0))
    analyse_pending(store)
    [event] = list_events(store, type_="leadership_change")
    assert event["post"] == "ubnd_chair" and event["district"] == "Thanh Oai"
    assert event["old_holder"]["name"] == "Bùi Thị Nguyệt"
    assert event["new_holder"]["name"] == "Đinh Văn Quyết"
    assert event["evidence"] == [sentence]
    assert event["new_holder"]["evidence"]["text"] == sentence
    assert event["confidence"] == 0.9


def _changes_after_two_sightings(store, site: str, district: str, first: str, second: str) -> list[dict]:
    """The leadership events of a site whose articles of April and June name these sentences."""
    _site(store, site, district)
    for slug, sentence, month in (("a", first, 4), ("b", second, 6)):
        _save(store, site, slug, "Hội nghị cán bộ", [sentence], datetime(2024, month, 1, 8, 0))
    analyse_pending(store)
    return list_events(store, type_="leadership_change")


def test_two_spellings_of_one_holder_are_no_change(store) -> None:
    assert _changes_after_two_sightings(store, "bavi", "Ba Vì",
                                        "Dự có đồng chí Nguyễn Thị Hoà, Bí thư Huyện ủy Ba Vì.",
                                        "Đồng chí Nguyễn Hòa, Bí thư Huyện ủy kiểm tra đê.") == []


def test_a_change_only_inferred_is_listed_but_does_not_alert(store) -> None:
    [event] = _changes_after_two_sightings(store, "phuctho", "Phúc Thọ",
                                           "Dự có đồng chí Lê Văn Tâm, Chủ tịch UBND huyện Phúc Thọ.",
                                           "Đồng chí Phan Đức Thịnh, Chủ tịch UBND huyện kiểm tra.")
    assert (event["old_holder"]["name"], event["new_holder"]["name"]) == ("Lê Văn Tâm", "Phan Đức Thịnh")
    assert event["confidence"] < 0.8 and event["announced"] is False
    with store.session() as s:
        assert s.scalar(select(Event.alert).where(Event.id == event["id"])) is False


def test_the_minimum_confidence_is_a_setting() -> None:
    from monitor.alert_config import load_alert_settings
    from storage.errors import UsageError

    assert load_alert_settings({}).min_confidence == 0.8
    assert load_alert_settings({"PORTALWATCH_ALERT_MIN_CONFIDENCE": "0.5"}).min_confidence == 0.5
    for bad in ("high", "1.5"):
        with pytest.raises(UsageError, match="from 0 to 1"):
            load_alert_settings({"PORTALWATCH_ALERT_MIN_CONFIDENCE": bad})


def test_a_fuller_spelling_seen_later_keeps_the_event_and_does_not_alert_again(store) -> None:
    _site(store, "thanhoai", "Thanh Oai")
    _save(store, "thanhoai", "bau", "HĐND huyện Thanh Oai bầu Chủ tịch UBND huyện",
          ["Chiều 20/3, HĐND huyện bầu đồng chí Đinh Quyết giữ chức Chủ tịch UBND huyện Thanh Oai "
           "thay đồng chí Bùi Nguyệt nghỉ hưu theo chế độ."], datetime(2024, 3, 21, 8, 0))
    first = analyse_pending(store)
    [event] = list_events(store, type_="leadership_change")
    assert event["id"] in first
    with store.session() as s:
        queued = s.scalar(select(func.count()).select_from(OutboxItem))
    # Later articles write both holders in full: the same two people, so the same event.
    _save(store, "thanhoai", "dam", "Hội nghị cán bộ",
          ["Dự có đồng chí Đinh Văn Quyết, Chủ tịch UBND huyện Thanh Oai."], datetime(2024, 5, 2, 8, 0))
    _save(store, "thanhoai", "cu", "Gặp mặt cán bộ nghỉ hưu",
          ["Đồng chí Bùi Thị Nguyệt, Chủ tịch UBND huyện Thanh Oai, trao quà."], datetime(2024, 3, 1, 8, 0))
    assert analyse_pending(store) == []
    [again] = list_events(store, type_="leadership_change")
    assert again["id"] == event["id"]
    assert (again["old_holder"]["name"], again["new_holder"]["name"]) == ("Bùi Thị Nguyệt", "Đinh Văn Quyết")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == queued


def _alert_of(store, event_id: str) -> bool:
    with store.session() as s:
        return s.scalar(select(Event.alert).where(Event.id == event_id))


def _doubtful_election(store) -> dict:
    """The event of an election read from a doubtful sentence."""
    _site(store, "myduc", "Mỹ Đức")
    # A post right after the verb (no "giữ chức") reads less surely (0.8), and a name whose
    # family name is not on the list lowers it again: listed, not alerted.
    _save(store, "myduc", "bau", "Kỳ họp HĐND huyện",
          ["Chiều 20/3, HĐND huyện Mỹ Đức bầu Chủ tịch UBND huyện Mỹ Đức đồng chí Ngọ Văn Thạo."],
          datetime(2024, 3, 21, 8, 0))
    analyse_pending(store)
    [event] = list_events(store, type_="leadership_change")
    return event


def test_an_announced_change_read_from_a_doubtful_sentence_does_not_alert(store) -> None:
    event = _doubtful_election(store)
    assert event["new_holder"]["name"] == "Ngọ Văn Thạo"
    assert event["confidence"] < 0.8
    assert _alert_of(store, event["id"]) is False


def _outbox_rows(store, event_id: str) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.event_id == event_id))


def test_an_inferred_change_confirmed_by_a_later_announcement_alerts_once(store, monkeypatch) -> None:
    # One channel, so that an alert is an outbox row (nothing is delivered here).
    monkeypatch.setenv("PORTALWATCH_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("PORTALWATCH_WEBHOOK_SECRET", "s")
    [event] = _changes_after_two_sightings(store, "phuctho", "Phúc Thọ",
                                           "Dự có đồng chí Lê Văn Tâm, Chủ tịch UBND huyện Phúc Thọ.",
                                           "Đồng chí Phan Đức Thịnh, Chủ tịch UBND huyện kiểm tra.")
    assert event["confidence"] < 0.8 and _outbox_rows(store, event["id"]) == 0
    # The election article, published in May between the two, is read last (a late crawl).
    _save(store, "phuctho", "bau", "HĐND huyện Phúc Thọ kiện toàn Chủ tịch UBND huyện",
          ["Với 100% đại biểu tán thành, HĐND huyện đã bầu đồng chí Phan Đức Thịnh giữ chức Chủ tịch "
           "UBND huyện Phúc Thọ thay đồng chí Lê Văn Tâm nghỉ hưu theo chế độ."], datetime(2024, 5, 15, 8, 0))
    analyse_pending(store)
    [confirmed] = list_events(store, type_="leadership_change")
    assert confirmed["id"] == event["id"] and confirmed["confidence"] == 0.9
    assert _alert_of(store, event["id"]) is True
    queued = _outbox_rows(store, event["id"])
    assert queued > 0
    # A third article announcing it again alerts no more.
    _save(store, "phuctho", "lai", "Tân Chủ tịch UBND huyện làm việc",
          ["HĐND huyện đã bầu đồng chí Phan Đức Thịnh giữ chức Chủ tịch UBND huyện Phúc Thọ."],
          datetime(2024, 6, 25, 8, 0))
    analyse_pending(store)
    assert _outbox_rows(store, event["id"]) == queued


def test_a_doubtful_announcement_confirmed_later_becomes_alerting(store) -> None:
    event = _doubtful_election(store)
    assert event["confidence"] < 0.8
    _save(store, "myduc", "trao", "Công bố nghị quyết",
          ["HĐND huyện đã bầu đồng chí Ngọ Văn Thạo giữ chức Chủ tịch UBND huyện Mỹ Đức."],
          datetime(2024, 3, 25, 8, 0))
    analyse_pending(store)
    [after] = list_events(store, type_="leadership_change")
    assert after["id"] == event["id"] and after["confidence"] >= 0.8
    assert _alert_of(store, event["id"]) is True


def test_a_confirmation_from_the_backfill_does_not_alert(store) -> None:
    _site(store, "quocoai", "Quốc Oai", alert_backfill=False)
    [event] = _changes_after_two_sightings(store, "quocoai", "Quốc Oai",
                                           "Dự có đồng chí Lê Văn Tâm, Chủ tịch UBND huyện Quốc Oai.",
                                           "Đồng chí Phan Đức Thịnh, Chủ tịch UBND huyện kiểm tra.")
    _save(store, "quocoai", "bau", "Kỳ họp",
          ["HĐND huyện đã bầu đồng chí Phan Đức Thịnh giữ chức Chủ tịch UBND huyện Quốc Oai."],
          datetime(2024, 5, 15, 8, 0))
    analyse_pending(store)
    [confirmed] = list_events(store, type_="leadership_change")
    assert confirmed["confidence"] == 0.9 and _outbox_rows(store, event["id"]) == 0


def test_a_change_announced_after_the_newcomer_was_seen_does_not_flap(store) -> None:
    """The ward's news shows the new chair at work before the session's report is published: the
    roster goes from the old chair to the new one once, and the late announcement confirms it."""
    _site(store, "phuongmailam", "Mai Lâm")
    _save(store, "phuongmailam", "a", "Phường Mai Lâm ra quân dọn vệ sinh",
          ["Sáng 2/3, ông Lê Văn Hùng, Chủ tịch UBND phường Mai Lâm, chủ trì lễ ra quân."],
          datetime(2025, 3, 2, 9, 0))
    _save(store, "phuongmailam", "b", "Phường Mai Lâm đối thoại với hộ kinh doanh",
          ["Sáng 10/10, bà Trịnh Thị Mai, Chủ tịch UBND phường Mai Lâm, chủ trì buổi đối thoại."],
          datetime(2025, 10, 10, 9, 0))
    _save(store, "phuongmailam", "c", "HĐND phường Mai Lâm bầu Chủ tịch UBND phường",
          ["Chiều 13/10, HĐND phường Mai Lâm tổ chức kỳ họp chuyên đề.",
           "Kỳ họp đã bầu bà Trịnh Thị Mai, Phó Bí thư Đảng ủy phường, giữ chức Chủ tịch UBND phường "
           "Mai Lâm thay ông Lê Văn Hùng nghỉ hưu theo chế độ."],
          datetime(2025, 10, 14, 9, 0))
    analyse_pending(store)
    changes = list_events(store, type_="leadership_change")
    assert [(e["old_holder"]["name"] if e["old_holder"] else None, e["new_holder"]["name"])
            for e in changes if e["post"] == "ubnd_chair"] == [("Lê Văn Hùng", "Trịnh Thị Mai")]
    [event] = [e for e in changes if e["post"] == "ubnd_chair"]
    assert event["confidence"] == 0.9  # the announcement confirms what two sightings suggested
