"""Command line for officials and CI: ``python -m cchc check`` validates all content.

Prints every problem in Vietnamese (file, line, field, how to fix) and exits 1 when
there is any; prints a short summary and exits 0 when the content can be published.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .posts import load_posts
from .problems import ContentError
from .procedures import load_catalogue
from .site import load_settings, now_local


def check(root: Path) -> int:
    settings = load_settings(root)
    try:
        postset = load_posts(settings, now_local())
        catalogue = load_catalogue(settings)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    for warning in postset.warnings:
        print("Cảnh báo: " + warning.format(), file=sys.stderr)
    print(
        f"Nội dung hợp lệ: {len(postset.published)} bài sẽ đăng, "
        f"{len(postset.drafts)} bản nháp, {len(postset.scheduled)} bài hẹn giờ, "
        f"{len(catalogue.procedures)} thủ tục hành chính."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cchc", description="Kiểm tra nội dung trang CCHC.")
    parser.add_argument("command", choices=["check"], help="check: kiểm tra toàn bộ bài viết và thủ tục")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="thư mục dự án (chứa mkdocs.yml)")
    args = parser.parse_args(argv)
    return check(args.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
