"""Command line for officials and CI: ``python -m cchc check | build | preview | generate | new-post``…

``check`` prints every problem in Vietnamese (file, line, field, how to fix) and exits 1
when there is any (``--format github|gitlab|json`` for CI: ``cchc.core.reports``); ``build``
builds and publishes the site (with MkDocs and the hooks, or ``--engine plain``: any engine,
no hooks); ``preview`` serves the site on 127.0.0.1, rebuilt on every save, with the problems
of a broken save shown over the open page (``cchc.preview``); ``generate`` writes the folder
of plain pages an engine without hooks builds (``cchc.build.generate``); ``new-post`` and
``new-procedure`` scaffold a valid file, interactively or by flags (``cchc.authoring``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from cchc.adoption import command as adopt
from cchc.authoring import cli as authoring
from cchc.build import commands, faults
from cchc.build.generate import DEFAULT_DIR
from cchc.core import reports
from cchc.fix import check as fix_check
from cchc.stats import command as stats_command


def check(root: Path, fmt: str = "text", output: Path | None = None, fix: bool = False) -> int:
    """Validate everything; print the problems in ``fmt`` (``cchc.core.reports``). Exit 1 on errors.

    ``fix``: first repair what can be repaired (``cchc.fix``) and say what was changed."""
    collected = fix_check.collect(root, apply=fix)
    for line in collected.notes:  # what --fix changed; JSON alone on stdout
        print(line, file=sys.stderr if fmt == "json" else sys.stdout)
    problems, error, summary = collected.problems, collected.error, collected.summary
    prefix = reports.repo_prefix(root)
    if fmt == "json":
        print(reports.dumps(reports.json_report(problems)))
        return 1 if error else 0
    if fmt == "github":
        for command in reports.github_commands(problems, prefix):
            print(command, flush=True)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as file:
                file.write(reports.github_summary(problems, summary, prefix, os.environ))
    if fmt == "gitlab":
        target = output or Path(reports.GITLAB_DEFAULT_OUTPUT)
        target.write_text(reports.dumps(reports.gitlab_report(problems, prefix)) + "\n", encoding="utf-8")
    # text, and the log of the other formats
    if error is not None:
        print(error.report("check"), file=sys.stderr)
        for line in reports.warning_lines([p for p in problems if p.warning]):
            print(line, file=sys.stderr)
        return 1
    for line in reports.warning_lines(problems):
        print(line, file=sys.stderr)
    print(summary)
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
    checked = sub.add_parser("check", parents=[common], help="kiểm tra toàn bộ bài viết, thủ tục và cấu hình")
    checked.add_argument(
        "--format",
        choices=reports.FORMATS,
        default="text",
        help="text: chữ (mặc định); github: chú thích trên dòng lỗi trong GitHub Actions; "
        "gitlab: báo cáo Code Quality của GitLab (và chữ); json: danh sách lỗi dạng JSON",
    )
    checked.add_argument(
        "--fix",
        action="store_true",
        help="sửa tự động những gì sửa được (bảng mã, chữ phông cũ TCVN3/VNI, Unicode NFC, ký tự dán từ "
        "Word, ảnh quá lớn) rồi kiểm tra; in ra từng chỗ đã sửa",
    )
    checked.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"tệp báo cáo của --format gitlab (mặc định {reports.GITLAB_DEFAULT_OUTPUT})",
    )
    built = sub.add_parser("build", parents=[common], help="dựng và xuất bản trang vào site/")
    built.add_argument(
        "--engine",
        choices=["mkdocs", "plain"],
        default="mkdocs",
        help="mkdocs: MkDocs với hooks (mặc định); plain: dựng từ thư mục trang, không cần hooks",
    )
    previewed = sub.add_parser(
        "preview", parents=[common], help="xem trước trang (cả bản nháp), tự dựng lại khi lưu tệp"
    )
    previewed.add_argument(
        "--port",
        type=int,
        default=None,
        help="cổng trên 127.0.0.1 (mặc định: dev_addr của mkdocs.yml, hoặc 8000)",
    )
    generated = sub.add_parser(
        "generate", parents=[common], help="viết thư mục trang để dựng không cần hooks"
    )
    generated.add_argument("--out", type=Path, default=None, help=f"thư mục ra (mặc định {DEFAULT_DIR}/)")
    authoring.add_parsers(sub, common)  # new-post, new-procedure
    stats_command.add_parser(sub, common)  # stats
    adopted = sub.add_parser("adopt", parents=[common], help="dùng lại kho cho xã khác: xóa bài mẫu")
    adopt.add_arguments(adopted)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return faults.run_command(root, lambda: check(root, args.format, args.output, args.fix))
    if args.command in ("new-post", "new-procedure"):
        return faults.run_command(root, lambda: authoring.run(args, root))
    if args.command == "stats":
        return faults.run_command(root, lambda: stats_command.run(args, root))
    if args.command == "preview":
        from cchc.preview import command as preview  # MkDocs is imported only when needed

        return faults.run_command(root, lambda: preview.run(root, args.port))
    if args.command == "build":
        return faults.run_command(root, lambda: build(root, args.engine))
    if args.command == "adopt":
        return faults.run_command(root, lambda: adopt.run(root, args))
    out = (args.out or root / DEFAULT_DIR).resolve()
    return faults.run_command(root, lambda: commands.generate_folder(root, out))


if __name__ == "__main__":
    sys.exit(main())
