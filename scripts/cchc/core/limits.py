"""Limits on content size and shape, so that hostile or careless content cannot exhaust the machine.

Every limit has a sensible default and can be changed under ``extra.limits`` in
``mkdocs.yml`` (``cchc.core.settings_model.LimitsModel``). The Markdown checks are cheap
estimates made from the source text in one pass over its lines, before any Markdown is
rendered: the number of headings, the nesting depth of lists and quotes (indentation of
list markers, ``>`` depth) and of emphasis (``*``/``_`` delimiter runs). Each refusal is a
``Problem`` naming the file, the limit (its key in ``mkdocs.yml``) and the fix.

YAML aliases are refused by ``cchc.core.frontmatter`` before any expansion, image pixels by
``cchc.posts.images`` from the image header, attachment sizes by ``cchc.posts.loading``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.problems import Problem


@dataclass(frozen=True)
class Limits:
    """The limits in force (``extra.limits`` in ``mkdocs.yml``; these are the defaults)."""

    post_bytes: int = 1_000_000  # any Markdown file: post, procedure record, page
    headings: int = 500  # per Markdown file
    nesting: int = 10  # lists and quotes, one inside another
    emphasis: int = 10  # emphasis (*, _, **) one inside another
    tags: int = 20  # per post
    image_pixels: int = 50_000_000  # width × height, read from the image header
    attachment_bytes: int = 25_000_000  # every file published with a post (images included)


DEFAULT_LIMITS = Limits()

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HTML_HEADING_RE = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_QUOTES_RE = re.compile(r"^[ >]*")
_MARKERS_RE = re.compile(r"(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+")
_BREAK_RE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_CODE_SPAN_RE = re.compile(r"(`+)[^`]*?\1")
_RUN_RE = re.compile(r"[*_]+")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»…–—")


def number(value: int) -> str:
    """``100000`` -> ``100.000`` (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def key(name: str) -> str:
    """The limit's key in ``mkdocs.yml``."""
    return f"extra.limits.{name}"


def raise_fix(name: str, advice: str) -> str:
    """A fix: what the official can do, or what the site's administrator may raise."""
    return f"{advice} Nếu thật sự cần, người quản trị trang có thể tăng «{key(name)}» trong mkdocs.yml."


def size_problem(rel: str, size: int, limits: Limits) -> Problem | None:
    """A Markdown file larger than ``post_bytes`` is refused before it is read."""
    if size <= limits.post_bytes:
        return None
    return Problem(
        rel,
        f"Tệp nặng {number(size)} byte, quá giới hạn {number(limits.post_bytes)} byte "
        f"cho một bài hoặc một trang ({key('post_bytes')}); tệp không được đọc.",
        fix=raise_fix(
            "post_bytes",
            "Chia nội dung thành nhiều bài, hoặc đưa phần dài (bảng, phụ lục) vào một tệp PDF đính kèm.",
        ),
    )


@dataclass
class _Scan:
    """What one pass over a body's lines found: counts, maximum depths and their lines."""

    headings: int = 0
    heading_line: int = 0
    nesting: int = 0
    nesting_line: int = 0
    emphasis: int = 0
    emphasis_line: int = 0


def _emphasis_depth(line: str, depth: int) -> tuple[int, int]:
    """Depth after ``line`` (from ``depth``) and the deepest point on it: a delimiter run that
    opens (left-flanking only) adds its length, one that closes (right-flanking only) removes it."""
    deepest = depth
    text = _CODE_SPAN_RE.sub("", line) if "`" in line else line
    for run in _RUN_RE.finditer(text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
        right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
        if left and not right:
            depth += len(run.group())
            deepest = max(deepest, depth)
        elif right and not left:
            depth = max(0, depth - len(run.group()))
    return depth, deepest


def _scan(body: str) -> _Scan:
    scan = _Scan()
    fence = ""
    previous_text = False  # the line before is paragraph text (for setext headings)
    emphasis = 0
    for number_, raw in enumerate(body.split("\n")):
        line = raw.expandtabs(4) if "\t" in raw else raw
        opened = _FENCE_RE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence, previous_text = opened.group(1), False
            continue
        if not line.strip():
            previous_text, emphasis = False, 0
            continue
        if _ATX_RE.match(line) or (previous_text and _SETEXT_RE.match(line)):
            scan.headings += 1
            scan.heading_line = scan.heading_line or number_
        prefix = _QUOTES_RE.match(line).group()  # type: ignore[union-attr]
        cut = prefix.rfind(">") + 1
        quotes, rest = prefix[:cut], line[cut:]
        indent = len(rest) - len(rest.lstrip(" "))
        markers = _MARKERS_RE.match(rest, indent)
        count = len(re.findall(r"[-*+]|\d{1,9}[.)]", markers.group())) if markers else 0
        depth = quotes.count(">") + (indent // 4 + count if count else 0)
        if depth > scan.nesting:
            scan.nesting, scan.nesting_line = depth, number_
        if _BREAK_RE.match(line):
            previous_text = False
            continue
        emphasis, deepest = _emphasis_depth(rest, emphasis)
        if deepest > scan.emphasis:
            scan.emphasis, scan.emphasis_line = deepest, number_
        previous_text = not count
    scan.headings += len(_HTML_HEADING_RE.findall(body)) if "<" in body else 0
    return scan


def body_problems(rel: str, body: str, first_line: int, limits: Limits) -> list[Problem]:
    """Headings, nesting of lists and quotes, nesting of emphasis: each over its limit is a problem."""
    scan = _scan(body)
    problems = []
    if scan.headings > limits.headings:
        problems.append(
            Problem(
                rel,
                f"Nội dung có {number(scan.headings)} đề mục, quá giới hạn {number(limits.headings)} "
                f"đề mục cho một tệp ({key('headings')}).",
                field="nội dung",
                line=first_line + scan.heading_line,
                fix=raise_fix("headings", "Chia nội dung thành nhiều bài hoặc nhiều trang."),
            )
        )
    if scan.nesting > limits.nesting:
        problems.append(
            Problem(
                rel,
                f"Danh sách hoặc trích dẫn lồng nhau sâu {number(scan.nesting)} tầng, quá giới hạn "
                f"{limits.nesting} tầng ({key('nesting')}).",
                field="nội dung",
                line=first_line + scan.nesting_line,
                fix=raise_fix("nesting", "Viết lại cho ít tầng hơn (bớt thụt lề trước «-», bớt dấu «>»)."),
            )
        )
    if scan.emphasis > limits.emphasis:
        problems.append(
            Problem(
                rel,
                f"Chữ nghiêng, chữ đậm lồng nhau sâu {number(scan.emphasis)} tầng (các dấu «*», «_»), "
                f"quá giới hạn {limits.emphasis} tầng ({key('emphasis')}).",
                field="nội dung",
                line=first_line + scan.emphasis_line,
                fix=raise_fix("emphasis", "Bớt các dấu «*» và «_» liền nhau; chữ đậm chỉ cần «**chữ**»."),
            )
        )
    return problems


def tags_problem(rel: str, count: int, line: int | None, limits: Limits) -> Problem | None:
    if count <= limits.tags:
        return None
    return Problem(
        rel,
        f"Bài có {number(count)} thẻ, quá giới hạn {limits.tags} thẻ cho một bài ({key('tags')}).",
        field="tags",
        line=line,
        fix=raise_fix("tags", f"Chỉ giữ tối đa {limits.tags} thẻ chính của bài."),
    )


def attachment_problem(size: int, limits: Limits) -> str | None:
    """The message for a file to publish with a post that is too large (``None``: it is not)."""
    if size <= limits.attachment_bytes:
        return None
    size_mb = f"{size / 1_000_000:.1f}".replace(".", ",")
    limit_mb = f"{limits.attachment_bytes / 1_000_000:g}".replace(".", ",")
    return f"Tệp nặng {size_mb} MB, quá giới hạn {limit_mb} MB ({key('attachment_bytes')})."


ATTACHMENT_FIX = raise_fix(
    "attachment_bytes", "Nén hoặc thu nhỏ tệp (ví dụ quét PDF ở độ phân giải 150 dpi) rồi thay tệp."
)
