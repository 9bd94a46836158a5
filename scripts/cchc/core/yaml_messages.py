"""YAML syntax errors of a front matter, explained in Vietnamese: the line, the character, the fix.

PyYAML (and libyaml, whose wording differs) reports ``found character that cannot start any
token``; an official needs "dòng 6 có ký tự Tab". ``syntax_problems`` reads the error's
position and the text itself (which character is there, which quote or bracket was opened
where) and gives the one fix that applies, never a fragment of the parser's English.

``lint`` finds the mistakes of the same kinds on the *other* lines too (a parser stops at the
first), so that one run reports every syntax mistake of a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from cchc.core.problems import Problem

FIX_COMMAND = "python -m cchc check --fix"
_KEY_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_DASHES = "–—−•"
_LIST_DASH_RE = re.compile(rf"^([ \t]*)[{_DASHES}][ \t]+")
_SPECIAL_START = {
    "@": "«@»",
    "`": "dấu huyền «`»",
    "%": "«%»",
    "*": "«*»",
    "&": "«&»",
    "!": "«!»",
    "|": "«|»",
    ">": "«>»",
}


@dataclass(frozen=True)
class Finding:
    line: int  # in the file (the front matter's first line is line 2)
    message: str
    fix: str


def _key(lines: list[str], index: int) -> str | None:
    """The key written on line ``index`` (0-based in the front matter), or on the nearest line above."""
    for line in reversed(lines[: index + 1]):
        found = _KEY_RE.match(line)
        if found:
            return found.group(1)
    return None


def _quoted_fix(line: str) -> str:
    found = _KEY_RE.match(line)
    if not found:
        return 'Đặt cả giá trị trong ngoặc kép «"…"».'
    key = found.group(1)
    value = line[found.end() :].strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'Đặt cả giá trị trong ngoặc kép: «{key}: "{value}"».'


def lint(yaml_text: str) -> list[Finding]:
    """Line by line: Tabs, Word's list dashes, unclosed quotes and brackets."""
    findings = []
    lines = yaml_text.split("\n")
    for index, line in enumerate(lines):
        number = index + 2
        stripped = line.lstrip(" ")
        if stripped.startswith("\t") or ("\t" in line and not _in_quotes(line, line.index("\t"))):
            column = line.index("\t") + 1
            findings.append(
                Finding(
                    number,
                    f"Dòng này có ký tự Tab (cột {column}); phần đầu bài chỉ được thụt lề và cách "
                    "bằng dấu cách.",
                    f"Thay Tab bằng hai dấu cách (hoặc chạy «{FIX_COMMAND}» để sửa tự động).",
                )
            )
        if _LIST_DASH_RE.match(line):
            dash = stripped.lstrip("\t")[0]
            findings.append(
                Finding(
                    number,
                    f"Dòng này bắt đầu bằng «{dash}» (gạch dài của Word), không phải dấu gạch ngang "
                    "«-» của danh sách.",
                    f"Gõ lại dấu «-» ở đầu dòng (hoặc chạy «{FIX_COMMAND}»).",
                )
            )
        found = _KEY_RE.match(line)
        value = line[found.end() :].strip() if found else ""
        if value[:1] in ('"', "'") and not _closed_quote(value):
            kind = "kép" if value[0] == '"' else "đơn"
            findings.append(
                Finding(
                    number,
                    f"Ngoặc {kind} «{value[0]}» mở ở đầu giá trị chưa được đóng.",
                    f"Thêm «{value[0]}» vào cuối giá trị trên cùng dòng.",
                )
            )
        elif value[:1] in ("[", "{") and value.count(value[0]) > value.count("]" if value[0] == "[" else "}"):
            close = "]" if value[0] == "[" else "}"
            findings.append(
                Finding(
                    number,
                    f"Dấu «{value[0]}» mở danh sách chưa được đóng.",
                    f"Thêm «{close}» vào cuối danh sách trên cùng dòng, ví dụ "
                    f"«{found.group(1) if found else 'tags'}: [Một cửa, Dịch vụ công]».",
                )
            )
    return findings


def _closed_quote(value: str) -> bool:
    quote = value[0]
    rest = value[1:]
    if quote == "'":
        return bool(re.fullmatch(r"(?:[^']|'')*'\s*(?:#.*)?", rest))
    return bool(re.fullmatch(r'(?:[^"\\]|\\.)*"\s*(?:#.*)?', rest))


def _in_quotes(line: str, at: int) -> bool:
    head = line[:at]
    return head.count('"') % 2 == 1 or head.count("'") % 2 == 1


def explain(exc: yaml.YAMLError, lines: list[str], first_line: int = 1) -> Finding:
    """The parser's error in Vietnamese, for YAML whose first line is line ``first_line``
    of its file (2 for a front matter after its «---»)."""
    finding = _explain(exc, lines)
    return Finding(finding.line - 2 + first_line, finding.message, finding.fix)


def _explain(exc: yaml.YAMLError, lines: list[str]) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    context = str(getattr(exc, "context", "") or "")
    problem = str(getattr(exc, "problem", "") or "")
    start = getattr(exc, "context_mark", None)
    index = mark.line if mark is not None else 0
    column = mark.column if mark is not None else 0
    line = lines[index] if index < len(lines) else ""
    char = line[column] if column < len(line) else ""
    number = index + 2
    if "quoted scalar" in context and start is not None and "escape" not in problem and "hex" not in problem:
        opened = lines[start.line]
        quote = opened[start.column] if start.column < len(opened) else '"'
        return Finding(
            start.line + 2,
            f"Ngoặc «{quote}» mở ở cột {start.column + 1} chưa được đóng.",
            f"Thêm «{quote}» vào cuối giá trị, trên cùng dòng.",
        )
    if "quoted scalar" in context:
        return Finding(
            number,
            f"Trong ngoặc kép, dấu «\\» (cột {column + 1}) bắt đầu một mã thoát không hợp lệ.",
            "Viết «\\\\» thay cho «\\», hoặc đặt giá trị trong ngoặc đơn «'…'».",
        )
    if "flow sequence" in context or "flow mapping" in context:
        opener = "[" if "sequence" in context else "{"
        at = start.line + 2 if start is not None else number
        close = "]" if opener == "[" else "}"
        return Finding(
            at,
            f"Dấu «{opener}» mở danh sách chưa được đóng trên cùng dòng.",
            f"Thêm «{close}» vào cuối danh sách; một mục có dấu phẩy thì đặt trong ngoặc kép.",
        )
    if char == "\t":
        return Finding(
            number,
            f"Dòng này có ký tự Tab (cột {column + 1}); phần đầu bài chỉ được thụt lề và cách bằng dấu cách.",
            f"Thay Tab bằng hai dấu cách (hoặc chạy «{FIX_COMMAND}» để sửa tự động).",
        )
    if char in _SPECIAL_START or "alias" in problem or "anchor" in problem:
        what = _SPECIAL_START.get(char, f"«{char}»")
        return Finding(
            number,
            f"Giá trị bắt đầu bằng {what} (cột {column + 1}), ký tự này có nghĩa riêng trong YAML.",
            _quoted_fix(line),
        )
    if "mapping values" in problem:
        return Finding(
            number,
            f"Giá trị có dấu «:» (cột {column + 1}) nên bị hiểu là một khóa mới.",
            _quoted_fix(line),
        )
    if "simple key" in context:
        stripped = line.lstrip()
        if stripped[:1] in _DASHES:
            return Finding(
                number,
                f"Dòng này bắt đầu bằng «{stripped[0]}» (gạch dài của Word), "
                "không phải dấu «-» của danh sách.",
                f"Gõ lại dấu «-» ở đầu dòng (hoặc chạy «{FIX_COMMAND}»).",
            )
        return Finding(
            number,
            "Dòng này không có dạng «khóa: giá trị» (thiếu dấu «:»).",
            "Nếu dòng này là phần tiếp của giá trị ở dòng trên, viết cả giá trị trên một dòng; "
            "nếu là một mục của danh sách, bắt đầu dòng bằng «- ».",
        )
    key = _key(lines, index)
    where = f" (khóa «{key}»)" if key else ""
    return Finding(
        number,
        f"Dòng này{where} thụt lề không khớp với các dòng trên (cột {column + 1}).",
        "Các khóa cùng cấp phải thụt lề bằng cùng số dấu cách; "
        "khóa con thụt vào hai dấu cách so với khóa cha.",
    )


def syntax_problems(rel: str, yaml_text: str, exc: yaml.YAMLError) -> list[Problem]:
    """The parser's error and every mistake ``lint`` finds on other lines, one problem per line."""
    lines = yaml_text.split("\n")
    first = _explain(exc, lines)
    found = {first.line: first}
    for finding in lint(yaml_text):
        found.setdefault(finding.line, finding)
    return [
        Problem(
            rel,
            f"Phần thông tin đầu bài sai cú pháp YAML: {f.message}",
            field=_key(lines, f.line - 2),
            line=f.line,
            fix=f.fix,
        )
        for f in sorted(found.values(), key=lambda f: f.line)
    ]


def comment_value_problem(rel: str, yaml_lines: list[str], key: str, line: int | None) -> Problem | None:
    """``title: #1 Tin nổi bật``: YAML reads ``#…`` as a comment, so the value is empty."""
    if line is None or not 2 <= line < len(yaml_lines) + 2:
        return None
    text = yaml_lines[line - 2]
    found = _KEY_RE.match(text)
    if not found or found.group(1) != key:
        return None
    value = text[found.end() :].lstrip(" \t")
    if not value.startswith("#"):
        return None
    quoted = value.rstrip().replace("\\", "\\\\").replace('"', '\\"')
    return Problem(
        rel,
        f"Giá trị của «{key}» bắt đầu bằng «#» nên bị hiểu là ghi chú: «{key}» thành trống.",
        field=key,
        line=line,
        fix=f'Đặt giá trị trong ngoặc kép: «{key}: "{quoted}"».',
    )


# --- what pasting from Word leaves in a front matter, repaired ------------------------------

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\u00a0\u202f\u2007\u3000"
_SMART_KEY_RE = re.compile(
    rf"^(?P<indent>[ \t{_SPACES}]*)(?P<dash>-[ \t]+)?(?P<key>[“”„‘’]?[A-Za-z_{_INVISIBLE}{_SPACES}]"
    rf"[A-Za-z0-9_{_INVISIBLE}{_SPACES}-]*[“”‘’]?)[ \t{_SPACES}]*(?P<colon>:(?=[ \t]|$)|：)(?P<rest>.*)$"
)
_SMART_VALUE_RE = re.compile(
    r"^(?P<head>[ \t]*(?:-[ \t]+)?(?:[A-Za-z_][\w-]*:[ \t]+)?)“(?P<inner>[^“”]*)”[ \t]*$"
)


def _clean_key(key: str) -> str:
    key = key.strip("“”„‘’")
    return "".join(c for c in key if c not in _INVISIBLE and c not in _SPACES)


def repair_line(line: str) -> tuple[str, list[str]]:
    """One front-matter line without Word's artefacts, and what was changed (Vietnamese).

    Zero-width characters, non-breaking spaces and curly quotes in a key (``“title”:``,
    ``title\\u200b:``), a full-width colon, Tabs in the indentation or after the colon, a list
    dash ``–``/``—``/``•``, a value wrapped in curly quotes (``“Thông báo: …”``)."""
    notes: list[str] = []
    new = line
    match = _SMART_KEY_RE.match(new)
    if match:
        key = _clean_key(match.group("key"))
        if (key != match.group("key") or match.group("colon") != ":") and re.fullmatch(
            r"[A-Za-z_][\w-]*", key
        ):
            rest = match.group("rest")
            rest = rest if match.group("colon") == ":" else " " + rest.lstrip()
            rest = rest if rest.strip() else ""
            new = f"{match.group('indent')}{match.group('dash') or ''}{key}:{rest}"
            odd = sorted(
                {f"U+{ord(c):04X}" for c in match.group("key") + match.group("colon") if not c.isascii()}
            )
            notes.append(f"sửa tên khóa «{key}» (bỏ ký tự {', '.join(odd)} dán từ Word)")
    indent = re.match(rf"^[ \t{_SPACES}]*", new).group(0)  # type: ignore[union-attr]
    if any(c != " " for c in indent):
        new = indent.replace("\t", "  ").translate({ord(c): " " for c in _SPACES}) + new[len(indent) :]
        notes.append("thay Tab (hoặc dấu cách đặc biệt) ở đầu dòng bằng dấu cách")
    dash = _LIST_DASH_RE.match(new)
    if dash:
        new = f"{dash.group(1)}- {new[dash.end() :]}"
        notes.append(f"thay «{line.lstrip()[0]}» ở đầu dòng bằng dấu «-» của danh sách")
    tab_after = re.match(r"^([ ]*(?:-[ ]+)?[A-Za-z_][\w-]*:)\t+", new)
    if tab_after:
        new = f"{tab_after.group(1)} {new[tab_after.end() :]}"
        notes.append("thay Tab sau dấu «:» bằng dấu cách")
    quoted = _SMART_VALUE_RE.match(new)
    if quoted:
        inner = quoted.group("inner").replace("\\", "\\\\").replace('"', '\\"')
        new = f'{quoted.group("head")}"{inner}"'
        notes.append('thay ngoặc kép cong «“…”» bao quanh giá trị bằng ngoặc kép thẳng «"…"»')
    stripped = "".join(c for c in new if c not in "\u200b\u2060\ufeff")
    if stripped != new:
        new = stripped
        notes.append("xóa ký tự vô hình (khoảng trắng độ rộng 0)")
    return new, notes
