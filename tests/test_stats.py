"""Statistics for the annual report (``cchc.stats``): counts against a hand count, the
command's text and CSV, the chart's geometry."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cchc.core.settings import TIMEZONE
from cchc.stats.counts import catalogue_stats, year_stats, years
from cchc.stats.pages import bar_chart
from cchc.stats.report import csv_report, text_report
from conftest import FIXTURE_ROOT, REPO


def post(
    day: str, categories: tuple[str, ...], tags: tuple[str, ...] = (), doc: tuple[str, str] | None = None
) -> Any:
    document = SimpleNamespace(type=doc[0], issued=date.fromisoformat(doc[1])) if doc else None
    when = datetime.fromisoformat(day).replace(tzinfo=TIMEZONE)
    return SimpleNamespace(date=when, categories=categories, tags=tags, document=document)


# Hand count for 2023: January 2, March 1, October 1 (4 posts); Tin tức 3, Báo cáo 1, Kế hoạch 1;
# tags CCHC 3, Một cửa 1; documents issued in 2023: Kế hoạch 1, Báo cáo 1 (the 2024 post's
# decision was issued on 2023-12-28: counted in 2023, by issue date).
POSTS = [
    post("2023-01-05", ("Tin tức",), ("CCHC",)),
    post("2023-01-12", ("Kế hoạch", "Tin tức"), ("CCHC", "CCHC"), ("Kế hoạch", "2023-01-12")),
    post("2023-03-01", ("Tin tức",), ("Một cửa",)),
    post("2023-10-26", ("Báo cáo",), ("CCHC",), ("Báo cáo", "2023-10-26")),
    post("2024-01-02", ("Văn bản",), (), ("Quyết định", "2023-12-28")),
]


def test_a_year_against_a_hand_count() -> None:
    stats = year_stats(POSTS, 2023)
    assert stats.months == (2, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0) and stats.posts == 4
    assert stats.categories == (("Tin tức", 3), ("Báo cáo", 1), ("Kế hoạch", 1))
    assert stats.tags == (("CCHC", 3), ("Một cửa", 1))
    assert stats.documents == (("Báo cáo", 1), ("Kế hoạch", 1), ("Quyết định", 1))
    assert year_stats(POSTS, 2024).posts == 1 and year_stats(POSTS, 2024).documents == ()
    assert years(POSTS) == [2024, 2023]
    assert year_stats(POSTS, 1999).posts == 0


def _catalogue() -> Any:
    def procedure(field: str, level: str) -> Any:
        return SimpleNamespace(meta=SimpleNamespace(linh_vuc=field, muc_do_truc_tuyen=level))

    items = [
        procedure("Hộ tịch", "toan_trinh"),
        procedure("Hộ tịch", "mot_phan"),
        procedure("Đất đai", "khong"),
    ]
    return SimpleNamespace(procedures=items)


def test_procedures_per_field_and_level() -> None:
    stats = catalogue_stats(_catalogue())
    assert stats.fields == (("Hộ tịch", 2), ("Đất đai", 1)) and stats.total == 3
    assert stats.levels == (("Toàn trình", 1), ("Một phần", 1), ("Không trực tuyến", 1))


def test_text_and_csv_reports() -> None:
    stats = [year_stats(POSTS, 2023)]
    catalogue = catalogue_stats(_catalogue())
    text = text_report(stats, catalogue)
    assert "THỐNG KÊ NĂM 2023" in text and "Tổng số tin bài đã đăng: 4; văn bản ban hành: 3." in text
    assert "Tháng  1     2" in text and "Toàn trình" in text
    rows = list(csv.reader(io.StringIO(csv_report(stats, catalogue))))
    assert rows[0] == ["năm", "nhóm", "mục", "số lượng"]
    assert ["2023", "Tin bài theo tháng", "01", "2"] in rows
    assert ["2023", "Tin bài theo chuyên mục", "Tin tức", "3"] in rows
    assert ["2023", "Văn bản ban hành theo loại", "Quyết định", "1"] in rows
    assert ["", "Thủ tục hành chính theo lĩnh vực", "Hộ tịch", "2"] in rows
    assert len(rows) == 1 + 12 + 3 + 2 + 3 + 2 + 3


def test_the_chart_is_scaled_to_the_largest_value() -> None:
    chart = bar_chart("c", "Tin", (("T1", 4), ("T2", 2), ("T3", 0)))
    tall, half, empty = chart.bars
    assert tall.height == 120 and half.height == 60 and empty.height == 0
    assert tall.y + tall.height == chart.baseline and chart.width == 90
    assert chart.description == "T1: 4; T2: 2; T3: 0."
    assert bar_chart("e", "Trống", ()).bars == ()


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PYTHONPATH": str(REPO / "scripts"),
        "CCHC_NOW": "2026-11-25T12:00:00+07:00",
        "PATH": "/usr/bin:/bin",
    }
    cmd = [sys.executable, "-m", "cchc", "stats", "--root", str(FIXTURE_ROOT), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.slow
def test_the_command_on_the_repository(tmp_path: Path) -> None:
    result = _command("--year", "2023")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.startswith("THỐNG KÊ NĂM 2023") and "Thủ tục hành chính theo lĩnh vực" in result.stdout
    )
    csv_out = _command("--year", "2023", "--csv")
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("năm,nhóm,mục,số lượng\n")
    assert all(row.startswith(("2023,", ",")) for row in csv_out.stdout.splitlines()[1:])
