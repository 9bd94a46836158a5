"""Abbreviations explained where they are first used on a page.

The first use of each glossary abbreviation on a page (a post's body; a procedure page or a
page of ``docs/``, outside code, links, headings and markup: ``legal/markup.py``) becomes
``<abbr title="Ủy ban nhân dân">UBND</abbr> (Ủy ban nhân dân)``: the expansion is also
written out in the text, because a ``title`` is a hover tooltip that touch screens never
show and that screen readers read only on request (WCAG technique G97: give the expansion
with the first use). Where the official already gave it (``… thủ tục hành chính (TTHC)``)
only the ``<abbr>`` is added. Later uses stay as they are. A letter, a digit, ``-`` or ``/``
next to the abbreviation makes it part of something else (``291/BC-UBND``, ``UBND-VP``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from cchc.glossary.terms import Term
from cchc.legal.markup import in_marked_regions, masked, replace_spans
from cchc.rendering.page import GeneratedPage
from cchc.rendering.sanitize import BODY_END, BODY_START
from cchc.rendering.templates import render


class Glossary:
    """The abbreviations of the site, and the marks they make on a page."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = tuple(terms)
        self.by_text = {t.viet_tat: t for t in self.terms}
        words = sorted(self.by_text, key=lambda w: (-len(w), w))
        alternatives = "|".join(re.escape(w) for w in words)
        self._pattern = (
            re.compile(rf"(?<![^\W_]|[-/.])(?:{alternatives})(?![^\W_]|[-/]|\.[^\W_])") if words else None
        )

    def mark(self, text: str, seen: set[str]) -> str:
        """``text`` with the first use of each abbreviation not in ``seen`` marked (``seen``
        gets the abbreviations marked, so that a page is marked once across its parts)."""
        if self._pattern is None or len(seen) == len(self.terms):
            return text
        spans = []
        for match in self._pattern.finditer(masked(text)):
            word = match.group(0)
            if word in seen:
                continue
            seen.add(word)
            given = (
                text[match.start() - 1 : match.start()] == "(" and text[match.end() : match.end() + 1] == ")"
            )
            html = render("glossary/abbr.html", term=self.by_text[word], text=word, expand=not given)
            spans.append((match.start(), match.end(), html))
        return replace_spans(text, spans) if spans else text

    def mark_page(self, page: GeneratedPage) -> GeneratedPage:
        """``page`` with its first uses marked (posts: in the body only; listings: never)."""
        if self._pattern is None or page.kind not in ("post", "procedure", "page"):
            return page
        seen: set[str] = set()
        if page.kind == "post":
            source = in_marked_regions(page.content, BODY_START, BODY_END, lambda t: self.mark(t, seen))
        else:
            source = self.mark(page.content, seen)
        return page if source == page.content else replace(page, html=source)
