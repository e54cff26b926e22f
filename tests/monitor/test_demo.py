"""`portalwatch demo` end to end, as a user runs it."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


@pytest.mark.slow
def test_demo_shows_both_alerts_arriving_and_ends_by_itself():
    done = run_cli("demo", "--interval", "3", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "webhook  after" in done.stdout and "signing" in done.stdout and "leadership_change" in done.stdout
    assert "[portalwatch] Ký kết chương trình phối hợp – Cầu Giấy" in done.stdout
    assert "Chủ tịch UBND: Trần Quốc Bảo" in done.stdout
    assert "Daemon stopped with exit status 0." in done.stdout
    assert "0 pending, 0 dead" in done.stdout
