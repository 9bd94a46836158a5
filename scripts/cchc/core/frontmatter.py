"""Reading an official's Markdown file: bytes -> NFC text -> YAML front matter + body.

Keeps the line of every front matter key, so that later validation messages can say
"dòng 3". Every failure becomes a ``Problem`` in Vietnamese, never a traceback.

Hostile front matter is refused before it can cost anything: a file over the size limit is
not read; YAML anchors and aliases (``&a`` / ``*a``, the "billion laughs" bomb) are refused
from the event stream, before any node is composed; a key given twice is an error naming
the line of each. The identity rules on values are in ``cchc.core.frontmatter_checks``, the
limits on the body in ``cchc.core.limits``.

Nothing stops at the first mistake of a file: a file in UTF-16, Windows-1258 or an 8-bit
legacy font is decoded anyway; text pasted from TCVN3/VNI is reported line by line with its
conversion (``cchc.core.legacy``); a YAML syntax error is explained in Vietnamese with its
line and character (``cchc.core.yaml_messages``), and when the repairs of ``check --fix``
make the front matter readable, its values are checked too, in the same run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cchc.core import frontmatter_checks as checks
from cchc.core import yaml_messages
from cchc.core.legacy import file_encoding, line_conversions
from cchc.core.limits import DEFAULT_LIMITS, Limits, body_problems, size_problem
from cchc.core.problems import Problem
from cchc.core.text import decode_lenient, decode_source

_FENCE_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML loader that keeps dates as text, so that validation (not PyYAML) reports
    an impossible date such as 2023-02-30 in Vietnamese, with the field and line."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


class _LiteralLoader(_Loader):
    """``_Loader`` without number guessing, for procedure records: ``1.000650`` stays a code,
    ``50.000`` stays a fee (not the floats 1.00065 and 50.0); the schema converts numbers."""


_LiteralLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Refused(Exception):
    """YAML the site does not accept although it is valid: the problem's message and line."""

    def __init__(self, message: str, line: int, fix: str) -> None:
        super().__init__(message)
        self.line, self.fix = line, fix


_ALIAS_FIX = (
    "Viết thẳng giá trị ở mỗi chỗ cần dùng, xóa các dấu «&tên» và «*tên» "
    "(giá trị có dấu «&» hoặc «*» ở đầu thì đặt trong ngoặc kép)."
)


def _refuse_aliases(text: str, loader_class: type[_Loader]) -> None:
    """Raise ``_Refused`` at the first anchor or alias, reading events only (nothing is built)."""
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                message = f"Phần đầu bài dùng bí danh YAML «*{event.anchor}»; bí danh và neo không được dùng."
                raise _Refused(message, event.start_mark.line + 2, _ALIAS_FIX)
            if getattr(event, "anchor", None):
                message = f"Phần đầu bài đặt neo YAML «&{event.anchor}»; bí danh và neo không được dùng."
                raise _Refused(message, event.start_mark.line + 2, _ALIAS_FIX)
    finally:
        loader.dispose()


def _load(text: str, loader_class: type[_Loader]) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it."""
    _refuse_aliases(text, loader_class)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Source:
    """A Markdown file split into its front matter mapping and its body."""

    path: Path
    rel: str
    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[str, int] = field(default_factory=dict)
    commented: frozenset[str] = frozenset()  # keys whose value YAML read as a comment (``title: #1``)

    def line_of(self, dotted: str) -> int | None:
        """Line of a (possibly nested, dot-separated) key, or of its nearest parent."""
        key = dotted
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return None


def _key_lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            out[key] = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
            _key_lines(value_node, key + ".", out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            out[key] = item.start_mark.line + 2
            _key_lines(item, key + ".", out)


def _duplicate_keys(node: yaml.Node, prefix: str, rel: str, out: list[Problem]) -> None:
    """A key given twice in one mapping: PyYAML keeps the last value without a word."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 2
            if key in seen:
                out.append(
                    Problem(
                        rel,
                        f"Khóa «{prefix}{key}» được viết hai lần: ở dòng {seen[key]} và ở dòng {line}; "
                        "chỉ được viết một lần.",
                        field=f"{prefix}{key}",
                        line=line,
                        fix=f"Giữ một dòng «{key}: …» (dòng {seen[key]} hoặc dòng {line}), xóa dòng kia.",
                    )
                )
            else:
                seen[key] = line
            _duplicate_keys(value_node, f"{prefix}{key}.", rel, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _duplicate_keys(item, f"{prefix}{index}.", rel, out)


_FIX_HINT = f"Chạy «{yaml_messages.FIX_COMMAND}» để sửa tự động"
_MAX_LEGACY_LINES = 20


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text and the problems of its encoding. A file in UTF-16, Windows-1258 or
    an 8-bit legacy font is an error, but is decoded anyway so that the rest of it is checked
    in the same run."""
    problems = []
    try:
        text, _notes = decode_source(raw)
    except UnicodeError:
        text, encoding = decode_lenient(raw)
        if encoding == "UTF-16":
            message = "Tệp được lưu bằng bảng mã UTF-16, không phải UTF-8."
        else:
            message = f"Tệp không phải UTF-8 (có vẻ là bảng mã {encoding}); tiếng Việt sẽ bị lỗi phông."
        fix = (
            f"{_FIX_HINT} (lưu lại tệp bằng UTF-8), hoặc mở tệp bằng trình soạn thảo (Notepad, VS Code), "
            "chọn «Lưu thành» với bảng mã «UTF-8»."
        )
        problems.append(Problem(rel, message, fix=fix))
        if encoding != "UTF-16" and encoding != "Windows-1258":
            return text, problems  # converted from the legacy font already
    return text, problems + legacy_problems(rel, text)


def legacy_problems(rel: str, text: str) -> list[Problem]:
    """One problem per line with text pasted from a TCVN3 or VNI font, showing the conversion."""
    problems: list[Problem] = []
    lines = text.split("\n")
    prefer, whole = file_encoding(lines) if len(lines) > 1 else (None, False)
    if prefer is None and len(lines) > 1:
        return problems  # no line reads as a legacy font (file_encoding looked at each one)
    in_code = False
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or not line.strip():
            continue
        found = line_conversions(line, prefer, legacy_file=whole)
        if not found:
            continue
        if len(problems) == _MAX_LEGACY_LINES:
            problems.append(
                Problem(rel, "Còn nhiều dòng khác có chữ dán từ phông cũ.", line=number, fix=_FIX_HINT + ".")
            )
            break
        before = " ".join(item.before for item in found[:4])
        after = " ".join(item.after for item in found[:4])
        more = " …" if len(found) > 4 else ""
        problems.append(
            Problem(
                rel,
                line=number,
                message=f"Chữ dán từ tài liệu dùng phông cũ {found[0].encoding}: «{before}{more}» "
                f"phải là «{after}{more}».",
                fix=f"{_FIX_HINT} (chuyển sang Unicode), hoặc chuyển mã văn bản gốc bằng Unikey "
                f"(nguồn {found[0].encoding}, đích Unicode) rồi dán lại.",
            )
        )
    return problems


_UNQUOTED_COLON_RE = re.compile(r"^([A-Za-z_]+):[ \t]+(?![\"'\[{|>&*!])(.*?:[ \t].*)$", re.MULTILINE)


def _quote_colon_values(yaml_text: str) -> str:
    """``title: Thông báo: lịch tiếp dân`` -> ``title: "Thông báo: lịch tiếp dân"``.

    Officials write titles with a colon all the time; YAML rejects them unquoted.
    Only top-level one-line values are touched.
    """

    def quote(match: re.Match[str]) -> str:
        value = match.group(2).rstrip().replace("\\", "\\\\").replace('"', '\\"')
        return f'{match.group(1)}: "{value}"'

    return _UNQUOTED_COLON_RE.sub(quote, yaml_text)


def _parse(yaml_text: str, loader_class: type[_Loader]) -> tuple[yaml.Node | None, Any]:
    try:
        return _load(yaml_text, loader_class)
    except yaml.YAMLError:
        repaired = _quote_colon_values(yaml_text)
        if repaired == yaml_text:
            raise
        try:
            return _load(repaired, loader_class)
        except yaml.YAMLError:
            pass
        raise


def _repaired(yaml_text: str, loader_class: type[_Loader]) -> tuple[yaml.Node | None, Any] | None:
    """The front matter parsed after the repairs ``check --fix`` would make, if it then parses."""
    fixed = "\n".join(yaml_messages.repair_line(line)[0] for line in yaml_text.split("\n"))
    if fixed == yaml_text:
        return None
    try:
        return _parse(fixed, loader_class)
    except (yaml.YAMLError, _Refused):
        return None


def _read(path: Path, rel: str, limits: Limits) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, unless it is over the size limit (then it is not read)."""
    too_big = size_problem(rel, path.stat().st_size, limits)
    return (None, [too_big]) if too_big else (path.read_bytes(), [])


def read_source(
    path: Path, root: Path, *, literal: bool = False, limits: Limits = DEFAULT_LIMITS
) -> tuple[Source | None, list[Problem]]:
    """Read and split ``path``. Returns the source (or None) and the problems found.

    ``literal``: numbers stay the text written (``_LiteralLoader``), as procedure records need.
    """
    rel = path.relative_to(root).as_posix()
    raw, problems = _read(path, rel, limits)
    if raw is None:
        return None, problems
    return _split(rel, path, raw, literal, limits)


def _split(
    rel: str, path: Path, raw: bytes, literal: bool, limits: Limits
) -> tuple[Source | None, list[Problem]]:
    """``read_source`` of bytes already read."""
    text, problems = _decode(raw, rel)
    if text is None:
        return None, problems
    match = _FENCE_RE.match(text)
    if not match:
        problems.append(
            Problem(
                rel,
                "Thiếu phần thông tin đầu bài (front matter) đặt giữa hai dòng «---».",
                line=1,
                fix="Bắt đầu tệp bằng dòng «---», các dòng «title: …», «date: …», "
                "«categories: […]», rồi một dòng «---».",
            )
        )
        return None, problems
    yaml_text = match.group(1) or ""
    body_line = text[: match.end()].count("\n") + 1
    early = checks.early_end_problem(rel, yaml_text, text[match.end() :], body_line - 1)
    hidden = checks.raw_problems(rel, yaml_text)
    if hidden or early:
        return None, problems + hidden + ([early] if early else [])
    loader_class = _LiteralLoader if literal else _Loader
    try:
        node, meta = _parse(yaml_text, loader_class)
    except _Refused as exc:
        return None, [*problems, Problem(rel, str(exc), line=exc.line, fix=exc.fix)]
    except yaml.YAMLError as exc:
        problems += yaml_messages.syntax_problems(rel, yaml_text, exc)
        repaired = _repaired(yaml_text, loader_class)
        if repaired is None:
            return None, problems + body_problems(rel, text[match.end() :], body_line, limits)
        node, meta = repaired  # the values are checked too, so that one run reports everything
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(
            Problem(
                rel,
                "Phần thông tin đầu bài phải là các dòng «khóa: giá trị».",
                line=2,
                fix="Viết ví dụ «title: Tiêu đề bài viết».",
            )
        )
        return None, problems
    lines: dict[str, int] = {}
    if node is not None:
        _key_lines(node, "", lines)
        _duplicate_keys(node, "", rel, problems)
    meta = {str(k): v for k, v in meta.items()}
    yaml_lines = yaml_text.split("\n")
    commented = [
        found
        for key, value in meta.items()
        if value is None
        and (found := yaml_messages.comment_value_problem(rel, yaml_lines, key, lines.get(key))) is not None
    ]
    problems += commented
    source = Source(
        path, rel, meta, text[match.end() :], body_line, lines, frozenset(p.field or "" for p in commented)
    )
    problems += checks.value_problems(rel, meta, source.line_of)
    problems += body_problems(rel, source.body, body_line, limits)
    return source, problems


def parse_bytes(
    path: Path, root: Path, raw: bytes, *, literal: bool = False, limits: Limits = DEFAULT_LIMITS
) -> tuple[Source | None, list[Problem]]:
    """``read_source`` of bytes not (yet) written at ``path``: ``check --fix`` reads what it
    would write, before writing it."""
    return _split(path.relative_to(root).as_posix(), path, raw, literal, limits)


def read_page(path: Path, root: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Source | None, list[Problem]]:
    """Read a page of ``docs/`` (not a procedure): like ``read_source``, but the front
    matter is optional (a page may be Markdown only)."""
    rel = path.relative_to(root).as_posix()
    raw, problems = _read(path, rel, limits)
    if raw is None:
        return None, problems
    if raw.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return _split(rel, path, raw, False, limits)
    text, problems = _decode(raw, rel)
    if text is None:
        return None, problems
    return Source(path, rel, {}, text, 1), problems + body_problems(rel, text, 1, limits)
