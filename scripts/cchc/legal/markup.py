"""Where a page's source may be changed: Markdown and HTML text outside code, links, headings.

Legal citations (``legal/links.py``) and glossary marks (``glossary/marks.py``) are added
to the source of a page before it is rendered, as ``[[TTHC:…]]`` references are
(``procedures/links.py``). ``masked`` gives the source with every place they must not touch
blanked out, at the same length (newlines kept), so that a pattern matched on it gives
positions in the source:

- code: fenced blocks, code spans, ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``;
- links: Markdown links and images ``[…](…)``, reference links ``[…][…]`` and their
  definitions, ``<a …>…</a>`` (citations already linked, ``[[TTHC:…]]`` links);
- headings (``#`` lines, setext headings, ``<h1>``–``<h6>``): their text makes the page's
  table of contents and anchors;
- markup: every HTML tag and comment (attribute values), ``<script>``, ``<style>``,
  ``<svg>``, ``<abbr>`` and ``<title>`` with their content, ``{: …}`` attribute lists,
  footnote labels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

BLANK = "\x00"  # stands for a masked character: no pattern matches it

_FENCE_RE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
_ELEMENTS_RE = re.compile(
    r"<(script|style|svg|code|pre|kbd|samp|a|abbr|title|textarea|h[1-6])\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_MASKS = (
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL),
    re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"),  # [text](url), ![alt](src)
    re.compile(r"!?\[[^\]\n]*\]\[[^\]\n]*\]"),  # [text][ref]
    re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$", re.MULTILINE),  # [ref]: url
    re.compile(r"\[\^[^\]\n]*\]"),  # footnote labels
    re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t][^\n]*)?$", re.MULTILINE),  # # heading
    re.compile(r"^(?=[^\n]*\S)[^\n]*\n[ \t]{0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE),  # setext heading
    re.compile(r"\{:[^}\n]*\}"),  # attribute lists
    re.compile(r"</?[A-Za-z][^<>]*>"),  # any other tag (its attributes)
)


def _blank(match: re.Match[str]) -> str:
    return "\n".join(BLANK * len(line) for line in match.group(0).split("\n"))


@functools.lru_cache(maxsize=64)  # a page is masked for its citations, then for its links
def masked(source: str) -> str:
    """``source`` with code, links, headings and markup blanked out (same length)."""
    text = _FENCE_RE.sub(_blank, source)
    text = _ELEMENTS_RE.sub(_blank, text)
    for pattern in _MASKS:
        text = pattern.sub(_blank, text)
    return text


def replace_spans(source: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, replacement)`` applied (spans sorted, disjoint)."""
    parts, last = [], 0
    for start, end, replacement in spans:
        parts += [source[last:start], replacement]
        last = end
    return "".join(parts) + source[last:]


def in_marked_regions(source: str, start: str, end: str, change: Callable[[str], str]) -> str:
    """``change`` applied to every part of ``source`` between ``start`` and ``end`` marks
    (a post's body between ``<!-- cchc:body -->`` marks); the rest is kept as it is."""
    out, last = [], 0
    while True:
        begin = source.find(start, last)
        if begin < 0:
            break
        inner = begin + len(start)
        finish = source.find(end, inner)
        if finish < 0:
            break
        out += [source[last:inner], change(source[inner:finish])]
        last = finish
    return "".join(out) + source[last:]


def marked_regions(source: str, start: str, end: str) -> list[str]:
    """The parts of ``source`` between ``start`` and ``end`` marks."""
    found: list[str] = []

    def keep(text: str) -> str:
        found.append(text)
        return text

    in_marked_regions(source, start, end, keep)
    return found
