"""What the build asks of the citations, glossary and statistics: one call.

``annotated`` takes every page the pipeline made and returns them with legal citations
linked (``legal.register``) and glossary abbreviations marked (``glossary.marks``), followed
by the pages these add: the "Căn cứ pháp lý" register, the glossary and the statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

from cchc.glossary.marks import Glossary
from cchc.glossary.pages import glossary_pages
from cchc.glossary.terms import Term
from cchc.legal.data import KnownDocument
from cchc.legal.pages import register_pages
from cchc.legal.register import Register
from cchc.posts.model import Post
from cchc.procedures.model import Catalogue
from cchc.rendering.page import GeneratedPage
from cchc.stats.pages import stats_pages


def annotated(
    pages: Sequence[GeneratedPage],
    posts: Sequence[Post],
    published: Sequence[Post],
    catalogue: Catalogue,
    known: Sequence[KnownDocument],
    terms: Sequence[Term],
) -> list[GeneratedPage]:
    """``pages`` linked and marked, then the register, glossary and statistics pages.

    ``posts`` are the posts the build shows (their documents are the commune's own),
    ``published`` those the statistics count; ``known`` and ``terms`` are the data files
    (``data/can-cu-phap-ly.yml``, ``data/thuat-ngu.yml``), read with the content.
    """
    register = Register.build(pages, posts, catalogue, tuple(known))
    glossary = Glossary(tuple(terms))
    out = [glossary.mark_page(register.link(page, catalogue)) for page in pages]
    return out + register_pages(register) + glossary_pages(glossary) + stats_pages(published, catalogue)
