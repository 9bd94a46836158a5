"""Identity rules for front matter: what looks the same must be the same, and be visible.

Checked here, for posts, procedure records and pages alike (``cchc.core.frontmatter``):

- control characters (NUL…) and bidi overrides (U+202A–U+202E, U+2066–U+2069) anywhere in
  the front matter are **refused** (not removed): they change what a reader sees without
  being seen, so the official must see and delete them;
- dates written with other digits than ASCII (full-width ``２０２４``, Arabic-Indic ``٢٠٢٤``);
- titles made only of invisible characters (zero-width spaces…);
- an unindented ``---`` inside a multi-line value, which closed the front matter early;
- names whose URL slugs collide (``Một cửa`` / ``một cửa`` / ``Mot cua``: ``slug_collisions``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cchc.core.problems import Problem
from cchc.core.text import slugify

BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x08": "BS"}
_INVISIBLE_LETTERS = frozenset("\u3164\u115f\u1160\uffa0\u2800")
_TITLE_KEYS = ("title", "ten_thu_tuc")
_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_DATE_SHAPE_RE = re.compile(
    r"^\s*\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*$"
)
_FIX_HIDDEN = "Xóa ký tự này: gõ lại giá trị bằng bàn phím thay vì dán từ trang web, tệp PDF hoặc tin nhắn."


def _hidden(char: str) -> str | None:
    """How to name a character that must not be in front matter (``None``: it may)."""
    if char in BIDI:
        return f"ký tự đảo chiều văn bản U+{ord(char):04X} ({unicodedata.name(char, 'bidi')})"
    if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
        name = _CONTROL_NAMES.get(char, "ký tự điều khiển")
        return f"ký tự điều khiển vô hình U+{ord(char):04X} ({name})"
    return None


def _first_hidden(text: str) -> str | None:
    for char in text:
        if char in BIDI or (char < " " and char not in _ALLOWED_CONTROLS) or "\x7f" <= char <= "\x9f":
            return _hidden(char)
    return None


def raw_problems(rel: str, yaml_text: str) -> list[Problem]:
    """Control and bidi characters written as such in the front matter (line 2 is its first)."""
    problems = []
    key = None
    for index, line in enumerate(yaml_text.split("\n")):
        found = _KEY_RE.match(line)
        key = found.group(1) if found else key
        what = _first_hidden(line)
        if what:
            problems.append(
                Problem(
                    rel,
                    f"Phần đầu bài có {what}; ký tự này làm chữ hiện ra khác với chữ được lưu.",
                    field=key,
                    line=index + 2,
                    fix=_FIX_HIDDEN,
                )
            )
    return problems


def _strings(value: Any, dotted: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield dotted, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings(v, f"{dotted}.{k}" if dotted else str(k))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{dotted}.{index}")


def _visible(text: str) -> bool:
    return any(
        unicodedata.category(c)[0] in "LNPS" and c not in _INVISIBLE_LETTERS and not c.isspace() for c in text
    )


def value_problems(rel: str, meta: Mapping[str, Any], line_of: Callable[[str], int | None]) -> list[Problem]:
    """Hidden characters from escapes (``"\\0"``), non-ASCII date digits, invisible titles."""
    problems = []
    for dotted, text in _strings(meta, ""):
        top = dotted.partition(".")[0]
        what = _first_hidden(text)
        if what:
            message = f"Giá trị có {what} (viết bằng mã thoát trong ngoặc kép)."
            problems.append(Problem(rel, message, field=top, line=line_of(dotted), fix=_FIX_HIDDEN))
        if not text.isascii() and _DATE_SHAPE_RE.match(text):
            digits = [c for c in text if c.isdigit() and not c.isascii()]
            if digits:
                ascii_text = "".join(str(unicodedata.digit(c)) if c in digits else c for c in text).strip()
                problems.append(
                    Problem(
                        rel,
                        f"Ngày «{text.strip()}» viết bằng chữ số không phải chữ số thường "
                        f"(ví dụ «{digits[0]}», chữ số toàn khổ hoặc Ả Rập – Ấn Độ).",
                        field=top,
                        line=line_of(dotted),
                        fix=f"Gõ lại bằng chữ số thường trên bàn phím: «{top}: {ascii_text}».",
                    )
                )
    for key in _TITLE_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip() and not _visible(value):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in value if not c.isspace()}))
            problems.append(
                Problem(
                    rel,
                    f"Tiêu đề chỉ gồm ký tự vô hình ({codes}); người đọc sẽ thấy một tiêu đề trống.",
                    field=key,
                    line=line_of(key),
                    fix=f"Xóa hết giá trị rồi gõ lại tiêu đề bằng chữ: «{key}: Tiêu đề bài viết».",
                )
            )
    return problems


def early_end_problem(rel: str, yaml_text: str, rest: str, fence_line: int) -> Problem | None:
    """An unindented ``---`` inside a multi-line value ends the front matter early: the lines
    after it, up to a second ``---``, are indented or ``key: value`` lines, not a body."""
    lines = rest.split("\n", 200)[:200]
    end = next((i for i, line in enumerate(lines) if line.rstrip() in ("---", "...")), None)
    if end is None:
        return None
    between = [line for line in lines[:end] if line.strip()]
    if not between or not all(line[:1] in (" ", "\t") or _KEY_RE.match(line) for line in between):
        return None
    last = yaml_text.rstrip("\n").rpartition("\n")[2]
    inside_value = last[:1] in (" ", "\t") or re.search(r":[ \t]*[|>][-+0-9]*[ \t]*$", last)
    if not (inside_value or any(_KEY_RE.match(line) for line in between)):
        return None
    return Problem(
        rel,
        f"Dòng «---» này nằm giữa phần đầu bài (có lẽ trong một giá trị nhiều dòng) nên bị hiểu là "
        f"dòng kết thúc phần đầu bài; các dòng sau nó, tới dòng «---» ở dòng {fence_line + end + 1}, "
        "bị coi là nội dung bài.",
        line=fence_line,
        fix="Thụt lề dòng «---» này bằng dấu cách như các dòng khác của giá trị (ví dụ «  ---»), "
        "hoặc xóa nó.",
    )


def slug_collisions(label: str, field: str, entries: Iterable[tuple[str, str, int | None]]) -> list[Problem]:
    """Names (``entries``: name as written, file, line) that are spelt differently but give one
    URL slug: an error for each file using a spelling, naming the other spellings and files."""
    by_slug: dict[str, dict[str, list[tuple[str, int | None]]]] = {}
    for name, file, line in entries:
        by_slug.setdefault(slugify(name), {}).setdefault(name, []).append((file, line))
    problems = []
    for slug, spellings in by_slug.items():
        if len(spellings) < 2:
            continue
        common = max(spellings, key=lambda name: (len(spellings[name]), name))
        for name, places in spellings.items():
            others = "; ".join(
                f"«{other}» ({', '.join(sorted({f for f, _ in where})[:3])})"
                for other, where in sorted(spellings.items())
                if other != name
            )
            for file, line in dict.fromkeys(places):
                problems.append(
                    Problem(
                        file,
                        f"{label} «{name}» và {others} khác nhau chỉ ở chữ hoa hoặc dấu nhưng có chung "
                        f"đường dẫn «{slug}»; chúng sẽ bị gộp làm một trang.",
                        field=field,
                        line=line,
                        fix=f"Viết giống hệt nhau ở mọi nơi, ví dụ «{common}».",
                    )
                )
    return problems
