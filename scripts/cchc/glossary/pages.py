"""The glossary page (``thuat-ngu/``): every abbreviation, its expansion and explanation."""

from __future__ import annotations

from cchc.glossary.marks import Glossary
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render

GLOSSARY_DIR = "thuat-ngu"
TITLE = "Thuật ngữ, chữ viết tắt"
INTRO = "Các chữ viết tắt dùng trên trang và nghĩa đầy đủ của chúng."


def glossary_pages(glossary: Glossary) -> list[GeneratedPage]:
    """The glossary page (every page's footer links it: it exists, empty, without terms)."""
    html = render("glossary/page.html", title=TITLE, intro=INTRO, terms=glossary.terms)
    return [GeneratedPage(f"{GLOSSARY_DIR}/index.md", TITLE, html, INTRO)]
