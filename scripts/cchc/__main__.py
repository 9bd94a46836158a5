"""Command line for officials and CI: ``python -m cchc check`` validates all content.

Prints every problem in Vietnamese (file, line, field, how to fix) and exits 1 when
there is any; prints a short summary and exits 0 when the content can be published.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.build.content import load_content
from cchc.core.problems import ContentError
from cchc.core.settings import load_settings, now_local


def check(root: Path) -> int:
    settings = load_settings(root)
    try:
        content = load_content(settings, now_local())
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    for warning in content.warnings:
        print("Cảnh báo: " + warning.format(), file=sys.stderr)
    postset, catalogue = content.posts, content.procedures
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
