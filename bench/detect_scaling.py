"""Time per MB of monitor.detect on one article from 10 KB to 10 MB: flat when the detectors
are linear in text length.

    .venv/bin/python bench/detect_scaling.py [--max-mb 10]

The article is one written for this bench (a signing conference with its guests, a council
session with an election and a results table), its paragraphs repeated to each size with the
names varied so that people do not collapse into a few.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.detect import extract_facts  # noqa: E402
from storage.canonical import CanonicalArticle  # noqa: E402

GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Nam", "Phong", "Quân",
         "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Xuân", "Yến"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
BLOCK = [
    "Sáng 12/1, Thường trực HĐND, UBND và Ban Thường trực Ủy ban MTTQ Việt Nam huyện Thanh Oai "
    "ký kết chương trình phối hợp công tác năm 2024.",
    "Dự hội nghị có đồng chí {a}, Thành ủy viên, Bí thư Huyện ủy; đồng chí {b}, Phó Bí thư Thường trực "
    "Huyện ủy, Chủ tịch HĐND huyện; đồng chí {c} – Phó Bí thư Huyện ủy, Chủ tịch UBND huyện.",
    "Tại kỳ họp, HĐND xã đã bầu đồng chí {d}, Phó Bí thư Đảng ủy xã, giữ chức Chủ tịch UBND xã "
    "thay đồng chí {e} nghỉ hưu theo chế độ.",
    "Kết quả bầu các chức danh như sau:",
    "Phó Chủ tịch HĐND xã: đồng chí {f};",
    "Năm qua, các cơ quan đã phối hợp tổ chức nhiều cuộc giám sát, tiếp xúc cử tri và giải quyết "
    "kiến nghị của Nhân dân, góp phần xây dựng chính quyền trong sạch, vững mạnh.",
]


def _name(i: int) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]} Văn {GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}"


def article_of(size: int) -> CanonicalArticle:
    """An article of about ``size`` bytes (UTF-8)."""
    paragraphs: list[str] = []
    total, i = 0, 0
    while total < size:
        for template in BLOCK:
            text = template.format(**{k: _name(i * 6 + n) for n, k in enumerate("abcdef")})
            paragraphs.append(text)
            total += len(text.encode("utf-8")) + 1
        i += 1
    return CanonicalArticle(title="Thanh Oai ký kết chương trình phối hợp năm 2024",
                            published=datetime(2024, 1, 13, 9, 0), paragraphs=tuple(paragraphs) + ("P.V",))


def seconds_for(article: CanonicalArticle) -> float:
    """CPU seconds of one extraction (the machine is shared; wall time would measure the others)."""
    start = time.process_time()
    extract_facts(article, district_hint="Thanh Oai")
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mb", type=float, default=10.0, help="Largest article, in MB (default 10).")
    args = parser.parse_args()
    sizes = [s for s in (10_000, 100_000, 1_000_000, 10_000_000) if s <= args.max_mb * 1_000_000]
    print(f"{'size':>10} {'CPU s':>9} {'s per MB':>9}")
    per_mb = []
    seconds_for(article_of(10_000))  # warm the caches and compiled patterns first
    for size in sizes:
        took = seconds_for(article_of(size))
        per_mb.append(took / (size / 1_000_000))
        print(f"{size / 1000:>8,.0f}KB {took:>9.3f} {per_mb[-1]:>9.2f}")
    print(f"largest/smallest time per MB: {per_mb[-1] / per_mb[0]:.2f} (1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
