"""The ``stats`` command's output: Vietnamese text for a person, or CSV for a spreadsheet.

CSV columns: ``năm, nhóm, mục, số lượng``; one row per count, months as ``01``…``12``,
procedures with an empty year (the guide as it is now).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from cchc.stats.counts import CatalogueStats, Counts, YearStats

GROUPS = {
    "months": "Tin bài theo tháng",
    "categories": "Tin bài theo chuyên mục",
    "tags": "Tin bài theo chủ đề",
    "documents": "Văn bản ban hành theo loại",
    "fields": "Thủ tục hành chính theo lĩnh vực",
    "levels": "Thủ tục hành chính theo mức độ trực tuyến",
}


def _lines(title: str, counts: Counts, empty: str = "không có") -> list[str]:
    lines = [f"{title}:"]
    width = max((len(name) for name, _ in counts), default=0)
    lines += [f"  {name.ljust(width)}  {count:>4}" for name, count in counts]
    return lines if counts else [f"{title}: {empty}."]


def year_text(stats: YearStats) -> str:
    months = tuple((f"Tháng {i:>2}", n) for i, n in enumerate(stats.months, 1))
    lines = [
        f"THỐNG KÊ NĂM {stats.year}",
        f"Tổng số tin bài đã đăng: {stats.posts}; văn bản ban hành: {stats.documents_total}.",
        "",
        *_lines(GROUPS["months"], months),
        "",
        *_lines(GROUPS["categories"], stats.categories),
        "",
        *_lines(GROUPS["tags"], stats.tags),
        "",
        *_lines(GROUPS["documents"], stats.documents),
    ]
    return "\n".join(lines)


def catalogue_text(stats: CatalogueStats) -> str:
    lines = [
        f"THỦ TỤC HÀNH CHÍNH (danh mục hiện hành): {stats.total} thủ tục.",
        "",
        *_lines(GROUPS["fields"], stats.fields),
        "",
        *_lines(GROUPS["levels"], stats.levels),
    ]
    return "\n".join(lines)


def text_report(years: Sequence[YearStats], catalogue: CatalogueStats) -> str:
    parts = [year_text(y) for y in years] + [catalogue_text(catalogue)]
    return "\n\n".join(parts) + "\n"


def csv_report(years: Sequence[YearStats], catalogue: CatalogueStats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["năm", "nhóm", "mục", "số lượng"])
    for stats in years:
        for month, count in enumerate(stats.months, 1):
            writer.writerow([stats.year, GROUPS["months"], f"{month:02d}", count])
        for key in ("categories", "tags", "documents"):
            for name, count in getattr(stats, key):
                writer.writerow([stats.year, GROUPS[key], name, count])
    for key in ("fields", "levels"):
        for name, count in getattr(catalogue, key):
            writer.writerow(["", GROUPS[key], name, count])
    return out.getvalue()
