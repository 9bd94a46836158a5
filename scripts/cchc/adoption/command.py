"""``python -m cchc adopt``: start another commune's site from this repository.

``adopt`` removes the sample commune's posts and lists every place that still holds the
sample's data (``mkdocs.yml``, pages, data files, logo); ``adopt --check`` only lists them
and exits 1 while any is left, so a CI job or the adopter can confirm the hand-over. The
steps around it are in the adoption guide (``HUONG-DAN-TIEP-NHAN.md``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from cchc.adoption.sample import remove_sample_posts, traces

GUIDE = "HUONG-DAN-TIEP-NHAN.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="chỉ liệt kê những chỗ còn thông tin của xã mẫu, không xóa gì",
    )
    parser.add_argument("--yes", action="store_true", help="xóa bài mẫu không hỏi lại")


def run(root: Path, args: argparse.Namespace, ask: Callable[[str], str] = input) -> int:
    """Exit 0 when nothing of the sample commune is left, 1 otherwise (2: cancelled)."""
    if not args.check:
        if not args.yes:
            answer = ask("Xóa toàn bộ bài viết mẫu trong thư mục posts/? Gõ «co» để đồng ý: ")
            if answer.strip().lower() not in ("co", "có", "c", "y", "yes"):
                print("Đã hủy: không xóa gì.")
                return 2
        removed = remove_sample_posts(root)
        print(f"Đã xóa {len(removed)} mục bài mẫu trong posts/ (thư mục posts/ được giữ lại, còn trống).")
    left = traces(root)
    if not left:
        print("Không còn thông tin nào của xã mẫu. Chạy «python -m cchc check» rồi «python -m cchc build».")
        return 0
    print(f"Còn {len(left)} chỗ mang thông tin của xã mẫu; sửa theo {GUIDE}:")
    for trace in left:
        print(f"  - {trace.format()}")
    return 1
