"""``python -m cchc stats [--year 2023] [--csv]``: the annual report's counts, from the content.

Without ``--year``, every year with a post. Vietnamese text by default; ``--csv`` writes
``năm,nhóm,mục,số lượng`` rows (UTF-8) to standard output for a spreadsheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cchc.build.content import load_content
from cchc.core.problems import ContentError
from cchc.core.settings import load_settings, now_local
from cchc.stats.counts import catalogue_stats, year_stats, years
from cchc.stats.report import csv_report, text_report


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("stats", parents=[common], help="thống kê tin bài, văn bản, thủ tục theo năm")
    parser.add_argument("--year", type=int, default=None, help="năm cần thống kê (mặc định: mọi năm)")
    parser.add_argument("--csv", action="store_true", help="in dạng CSV (năm, nhóm, mục, số lượng)")


def run(args: argparse.Namespace, root: Path) -> int:
    try:
        settings = load_settings(root)
        content = load_content(settings, now_local())
    except ContentError as error:
        print(error.report(mode="check"), file=sys.stderr)
        return 1
    posts = content.posts.published
    chosen = [args.year] if args.year is not None else years(posts)
    stats = [year_stats(posts, year) for year in chosen]
    catalogue = catalogue_stats(content.procedures)
    sys.stdout.write(csv_report(stats, catalogue) if args.csv else text_report(stats, catalogue))
    if args.year is not None and not stats[0].posts and not stats[0].documents_total and not args.csv:
        print(f"(Năm {args.year} không có tin bài hay văn bản nào đã đăng.)", file=sys.stderr)
    return 0
