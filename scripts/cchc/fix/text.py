"""Repairs of a Markdown file's text: encoding, NFC, legacy fonts, Word's artefacts, key case.

``repair`` never adds or removes a line, so the line of each change is the line in both the
file as written and the file as repaired. Code blocks (```` ``` ````) are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from cchc.core.legacy import file_encoding, line_conversions
from cchc.core.text import decode_lenient, decode_source, nfc
from cchc.core.yaml_messages import repair_line
from cchc.fix.changes import Change

FENCE_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_VALUE_RE = re.compile(
    r"^(?P<head>[ \t]*(?:-[ \t]+)*(?:[A-Za-z_][A-Za-z0-9_-]*[ \t]*:[ \t]*)?)(?P<value>.*)$"
)
_TOP_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)(:(?:[ \t].*)?)$")
_BODY_INVISIBLE = str.maketrans("", "", "\u200b\u2060")  # never meant: zero-width space, word joiner
_BOM_INSIDE = "\ufeff"


@dataclass(frozen=True)
class Repaired:
    text: str  # the repaired text (NFC, "\n" line endings)
    changes: list[Change]
    crlf: bool  # the file used Windows line endings: kept when written


def _decoded(raw: bytes, rel: str) -> tuple[str, list[Change]]:
    """The text of ``raw``; a change for a file not in UTF-8 and for each line not in NFC."""
    try:
        text, notes = decode_source(raw)
    except UnicodeError:
        text, encoding = decode_lenient(raw)
        return text, [Change(rel, None, f"lưu lại tệp bằng UTF-8 (trước là {encoding})", "encoding")]
    changes = []
    if "nfd" in notes:
        plain = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        for number, line in enumerate(plain.split("\n"), 1):
            if not unicodedata.is_normalized("NFC", line):
                changes.append(
                    Change(rel, number, "chuẩn hóa chữ có dấu về dạng Unicode dựng sẵn (NFC)", "nfc")
                )
    return text, changes


def _legacy(line: str, start: int, prefer: tuple[str | None, bool]) -> tuple[str, str | None, str]:
    """``line`` with its legacy part from ``start`` converted: (line, encoding, description)."""
    found = line_conversions(line[start:], prefer[0], legacy_file=prefer[1])
    if not found:
        return line, None, ""
    out, last = [line[:start]], start
    for item in found:
        out += [line[last : start + item.start], item.after]
        last = start + item.end
    before = " ".join(i.before for i in found[:4]) + (" …" if len(found) > 4 else "")
    after = " ".join(i.after for i in found[:4]) + (" …" if len(found) > 4 else "")
    return "".join(out) + line[last:], found[0].encoding, f"«{before}» → «{after}»"


def _front_line(
    line: str,
    rel: str,
    number: int,
    known: Collection[str],
    present: set[str],
    prefer: tuple[str | None, bool],
) -> tuple[str, list[Change]]:
    changes = []
    new, notes = repair_line(line)
    changes += [Change(rel, number, note, "word") for note in notes]
    top = _TOP_KEY_RE.match(new)
    if top and known and top.group(1) not in known and top.group(1).lower() in known:
        canonical = top.group(1).lower()
        if canonical not in present:
            changes.append(
                Change(rel, number, f"viết thường tên khóa «{top.group(1)}» thành «{canonical}»", "key")
            )
            new = canonical + top.group(2)
            present.add(canonical)
    value = _VALUE_RE.match(new)
    converted, encoding, what = _legacy(new, value.end("head") if value else 0, prefer)
    if encoding:
        changes.append(Change(rel, number, f"chuyển chữ {encoding} sang Unicode: {what}", "legacy"))
    return converted, changes


def _body_line(line: str, rel: str, number: int, prefer: tuple[str | None, bool]) -> tuple[str, list[Change]]:
    changes = []
    new = line.translate(_BODY_INVISIBLE).replace(_BOM_INSIDE, "")
    if new != line:
        changes.append(Change(rel, number, "xóa ký tự vô hình (khoảng trắng độ rộng 0) dán từ Word", "word"))
    converted, encoding, what = _legacy(new, 0, prefer)
    if encoding:
        changes.append(Change(rel, number, f"chuyển chữ {encoding} sang Unicode: {what}", "legacy"))
    return converted, changes


def repair(raw: bytes, rel: str, known_keys: Collection[str] = ()) -> Repaired:
    """The repaired text of a file and what was changed (nothing changed: ``changes`` empty)."""
    text, changes = _decoded(raw, rel)
    crlf = b"\r\n" in raw and raw.count(b"\r\n") * 2 >= raw.count(b"\n")
    lines = text.split("\n")
    match = FENCE_RE.match(text)
    front_end = text[: match.end()].count("\n") if match else 0  # lines 2 … front_end-1 are YAML
    present = {m.group(1) for line in lines[1 : max(front_end - 1, 1)] if (m := _TOP_KEY_RE.match(line))}
    prefer = file_encoding(lines)
    in_code = False
    for index, line in enumerate(lines):
        number = index + 1
        if match and 1 <= index < front_end - 1:
            lines[index], found = _front_line(line, rel, number, known_keys, present, prefer)
        elif match and index < front_end:
            continue  # the fences
        else:
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            if in_code or line.lstrip().startswith(("```", "~~~")):
                continue
            lines[index], found = _body_line(line, rel, number, prefer)
        changes += found
    return Repaired(nfc("\n".join(lines)), changes, crlf)


def encoded(repaired: Repaired) -> bytes:
    text = repaired.text.replace("\n", "\r\n") if repaired.crlf else repaired.text
    return text.encode("utf-8")
