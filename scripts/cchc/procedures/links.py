"""Links to a procedure by its code: ``[[TTHC:1.001193]]`` or ``[[TTHC:1.001193|văn bản]]``.

Any post or page may cite a procedure this way. Every reference is checked before the
build renders anything (``check_references``), so that an unknown code stops the build
with the file and line; ``link_references`` then turns each into a relative link.
Code spans and fenced code blocks are left alone, so the guide can show the syntax.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from html import escape
from pathlib import Path

from cchc.core.problems import Problem
from cchc.core.text import decode_source
from cchc.core.urls import rel
from cchc.procedures.model import CODE_RE, Catalogue, page_url

REFERENCE_RE = re.compile(r"\[\[\s*TTHC\s*:\s*([^\]|]*?)\s*(?:\|\s*([^\]]*?)\s*)?\]\]", re.IGNORECASE)
_FENCE_RE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def _masked(text: str) -> str:
    """``text`` with code blocks and code spans blanked out (same length, newlines kept)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN_RE.sub(blank, _FENCE_RE.sub(blank, text))


def references(text: str) -> Iterator[re.Match[str]]:
    """Every ``[[TTHC:…]]`` outside code, as matches on ``text``'s positions."""
    yield from REFERENCE_RE.finditer(_masked(text))


def _replace(text: str, make: Callable[[re.Match[str]], str]) -> str:
    parts, last = [], 0
    for match in references(text):
        parts += [text[last : match.start()], make(match)]
        last = match.end()
    return "".join(parts) + text[last:]


def link_references(markdown: str, src_uri: str, catalogue: Catalogue) -> str:
    """Replace each reference with a link relative to the page at ``src_uri``.

    Codes were checked by ``check_references``; one still unknown here (a file that
    changed during ``mkdocs serve``) is left as written rather than crashing the build.
    """
    if "[[" not in markdown:
        return markdown  # most pages: nothing to replace
    here = page_url(src_uri)

    def link(match: re.Match[str]) -> str:
        code = match.group(1)
        procedure = catalogue.by_code.get(code)
        if procedure is None:
            return match.group(0)
        text = match.group(2) or procedure.name
        return (
            f'<a class="tthc-link" href="{escape(rel(here, procedure.url))}" '
            f'title="Thủ tục mã {escape(procedure.code)}">{escape(text)}</a>'
        )

    return _replace(markdown, link)


def reference_problems(text: str, rel_path: str, catalogue: Catalogue, first_line: int = 1) -> list[Problem]:
    """A problem for each reference in ``text`` whose code names no procedure."""
    problems = []
    for match in references(text):
        code = match.group(1)
        if code in catalogue.by_code:
            continue
        line = first_line + text.count("\n", 0, match.start())
        if not CODE_RE.match(code):
            message = f"Liên kết «{match.group(0)}» có mã thủ tục «{code}» sai định dạng."
            fix = "Viết mã dạng một chữ số, dấu chấm, sáu chữ số, ví dụ «[[TTHC:1.001193]]»."
        else:
            message = f"Liên kết «{match.group(0)}» trỏ tới mã thủ tục «{code}» không có trong docs/thu-tuc/."
            near = difflib.get_close_matches(code, list(catalogue.by_code), n=1, cutoff=0.8)
            fix = (
                f"Có phải ý bạn là «[[TTHC:{near[0]}]]» ({catalogue.by_code[near[0]].name})?"
                if near
                else "Kiểm tra lại mã, hoặc thêm tệp thủ tục có mã này vào docs/thu-tuc/."
            )
        problems.append(Problem(rel_path, message, field="nội dung", line=line, fix=fix))
    return problems


def check_references(files: Iterable[Path], root: Path, catalogue: Catalogue) -> list[Problem]:
    """Check every reference in the given Markdown files (posts and pages)."""
    problems: list[Problem] = []
    for path in files:
        raw = path.read_bytes()
        if b"[[" not in raw:
            continue  # most files: no reference, nothing to decode (UTF-16 is reported elsewhere)
        try:
            text, _ = decode_source(raw)
        except UnicodeError:
            continue  # the file's own loader reports the encoding
        problems += reference_problems(text, path.relative_to(root).as_posix(), catalogue)
    return problems
