"""Command line for officials and CI: ``python -m cchc check | build | generate``.

``check`` prints every problem in Vietnamese (file, line, field, how to fix) and exits 1
when there is any; ``build`` builds and publishes the site (with MkDocs and the hooks, or
``--engine plain``: any engine, no hooks); ``generate`` writes the folder of plain pages
an engine without hooks builds (``cchc.build.generate``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cchc.build import commands
from cchc.build.content import load_content
from cchc.build.generate import DEFAULT_DIR
from cchc.core.problems import ContentError
from cchc.core.settings import load_settings, now_local


def check(root: Path) -> int:
    try:
        settings = load_settings(root)  # mkdocs.yml mistakes are reported like content ones
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


def build(root: Path, engine: str) -> int:
    if engine == "plain":
        return commands.build_plain(root)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
    return subprocess.run(command, cwd=root, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cchc", description="Trang cải cách hành chính: lệnh.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path.cwd(), help="thư mục dự án (chứa mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="lệnh")
    sub.add_parser("check", parents=[common], help="kiểm tra toàn bộ bài viết, thủ tục và cấu hình")
    built = sub.add_parser("build", parents=[common], help="dựng và xuất bản trang vào site/")
    built.add_argument(
        "--engine",
        choices=["mkdocs", "plain"],
        default="mkdocs",
        help="mkdocs: MkDocs với hooks (mặc định); plain: dựng từ thư mục trang, không cần hooks",
    )
    generated = sub.add_parser(
        "generate", parents=[common], help="viết thư mục trang để dựng không cần hooks"
    )
    generated.add_argument("--out", type=Path, default=None, help=f"thư mục ra (mặc định {DEFAULT_DIR}/)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "build":
        return build(root, args.engine)
    return commands.generate_folder(root, (args.out or root / DEFAULT_DIR).resolve())


if __name__ == "__main__":
    sys.exit(main())
