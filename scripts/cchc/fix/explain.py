"""What ``check`` explains but cannot repair without knowing what the official meant.

- a tag list in the ``[…]`` form whose items, read together, look like one tag with a comma
  (``tags: [Chính quyền điện tử, chính quyền số]`` is two tags for YAML);
- an image without a description (``![](anh.jpg)``), an image from another site;
- a link or image naming a file that does not exist, with the nearest existing name.

These are read from every file, whether or not its front matter is valid, so that they come
in the same run as the other problems (``cchc.fix.runner.explanations``).
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from cchc.core.problems import Problem
from cchc.core.validation import is_remote

# The topic tags of the contract (Resolution 76/NQ-CP) that contain a comma.
KNOWN_COMMA_TAGS = frozenset({"Chính quyền điện tử, chính quyền số"})
_FLOW_TAGS_RE = re.compile(r"^tags[ \t]*:[ \t]*\[(?P<items>[^\]\n]*)\][ \t]*(?:#.*)?$")
_REF_RE = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE_SPAN_RE = re.compile(r"`[^`\n]*`")


def _items(flow: str) -> list[str]:
    """The items of a one-line ``[…]`` list, as YAML splits them (commas outside quotes)."""
    items, current, quote = [], "", ""
    for char in flow:
        if quote:
            quote = "" if char == quote else quote
            current += char
        elif char in "\"'":
            quote = char
            current += char
        elif char == ",":
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item]


def comma_tags(rel: str, yaml_lines: list[str], known: Iterable[str] = ()) -> list[Problem]:
    """Adjacent items of a ``tags: […]`` line that were probably one tag with a comma."""
    known_tags = KNOWN_COMMA_TAGS | set(known)
    problems = []
    for index, line in enumerate(yaml_lines):
        found = _FLOW_TAGS_RE.match(line)
        if not found:
            continue
        items = _items(found.group("items"))
        for first, second in itertools.pairwise(items):
            if first[:1] in "\"'" or second[:1] in "\"'":
                continue
            joined = f"{first}, {second}"
            if joined in known_tags or (second[:1].islower() and first[:1].isupper()):
                problems.append(
                    Problem(
                        rel,
                        "Trong danh sách «[…]», dấu phẩy ngăn cách các thẻ: "
                        f"«{first}» và «{second}» thành hai thẻ riêng. "
                        f"Nếu đây là một thẻ «{joined}», phải đặt nó trong ngoặc kép.",
                        field="tags",
                        line=index + 2,
                        fix=f'Viết «tags: ["{joined}"]», hoặc mỗi thẻ một dòng: «tags:» rồi dòng '
                        f'«  - "{joined}"». Nếu đúng là hai thẻ, viết chữ hoa ở đầu thẻ thứ hai.',
                        warning=True,
                    )
                )
    return problems


def _masked(text: str) -> str:
    """``text`` with code spans and fenced blocks blanked (same length), so links in code are skipped."""
    out, in_code = [], False
    for line in text.split("\n"):
        fence = line.lstrip().startswith(("```", "~~~"))
        if fence:
            in_code = not in_code
        out.append(
            " " * len(line) if in_code or fence else _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
        )
    return "\n".join(out)


def _nearest(target: Path, folder: Path, candidates: list[Path]) -> str | None:
    """The existing file closest to ``target``, written relative to ``folder``."""
    names = {}
    for path in candidates:
        try:
            names[Path(_relative(path, folder)).as_posix()] = path
        except ValueError:
            continue
    wanted = Path(_relative(target, folder)).as_posix()
    best = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    if not best:
        by_name = [p for p in candidates if p.name.lower() == target.name.lower()]
        by_name = by_name or [
            p for p in candidates if difflib.get_close_matches(target.name, [p.name], n=1, cutoff=0.75)
        ]
        return _relative(by_name[0], folder) if by_name else None
    return best[0]


def _relative(path: Path, folder: Path) -> str:
    return os.path.relpath(path, folder).replace(os.sep, "/")


def body_problems(
    rel: str, path: Path, body: str, body_line: int, files: list[Path], *, post: bool = True
) -> list[Problem]:
    """Images without a description, remote images, links to missing files (nearest name).

    In the pages of ``docs/`` (``post=False``), links to ``.md`` files and to folders are left
    alone: they may name pages the build writes (``tin-tuc/``)."""
    problems = []
    masked = _masked(body)
    folder = path.parent
    for match in _REF_RE.finditer(masked):
        bang, alt, _ = match.groups()
        target = body[match.start(3) : match.end(3)]
        line = body_line + body.count("\n", 0, match.start())
        if bang and not alt.strip():
            problems.append(
                Problem(
                    rel,
                    f"Ảnh «{target}» chưa có mô tả; người khiếm thị (trình đọc màn hình) "
                    "sẽ không biết ảnh nói gì.",
                    field="nội dung",
                    line=line,
                    fix=f"Viết mô tả ngắn trong ngoặc vuông: «![Mô tả nội dung ảnh]({target})».",
                    warning=True,
                )
            )
        if is_remote(target):
            if bang:
                problems.append(
                    Problem(
                        rel,
                        f"Ảnh «{target}» được lấy từ trang khác; trang không được tải gì từ máy chủ ngoài.",
                        field="nội dung",
                        line=line,
                        fix="Tải ảnh về, đặt cạnh tệp bài viết rồi ghi tên tệp, ví dụ ![Mô tả](anh.jpg).",
                    )
                )
            continue
        written = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not written or target.startswith("#") or written.startswith("/"):
            continue
        if not post and not bang and (written.lower().endswith(".md") or "." not in Path(written).name):
            continue
        wanted = (folder / written).resolve()
        if wanted.exists():
            continue
        near = _nearest(wanted, folder.resolve(), files)
        what = "ảnh" if bang else ("bài hoặc trang" if written.lower().endswith(".md") else "tệp")
        problems.append(
            Problem(
                rel,
                f"Liên kết tới {what} không có: «{target}».",
                field="nội dung",
                line=line,
                fix=(f"Có phải ý bạn là «{near}»? " if near else "")
                + "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) hoặc xóa liên kết.",
            )
        )
    return problems
