"""The guide's index pages: its home (``thu-tuc/``) and one page per field (lĩnh vực).

The HTML comes from the templates ``procedures/guide_home.md.j2`` and
``procedures/field_page.md.j2`` (autoescaped); links are relative, so the site works
under any sub-path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cchc.core.settings import Settings
from cchc.core.text import fold
from cchc.core.urls import PROCEDURES_DIR
from cchc.procedures.model import LEVEL_LABELS, Catalogue, Field, Procedure
from cchc.procedures.pages import LEVEL_NOTES
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render

HOME = f"{PROCEDURES_DIR}/"


def _count(n: int) -> str:
    return f"{n} thủ tục"


def _search_words(procedure: Procedure) -> str:
    """What the filter form matches (``data-search``): name, codes and field, folded."""
    meta = procedure.meta
    text = f"{meta.ten_thu_tuc} {meta.ma_thu_tuc} {meta.linh_vuc} {' '.join(meta.ma_cu)}"
    return " ".join(re.findall(r"[0-9a-z.]+", fold(text)))


def _search(procedures: Iterable[Procedure]) -> dict[str, str]:
    return {p.code: _search_words(p) for p in procedures}


def _source(template: str, **context: object) -> str:
    """A page's Markdown source from ``template`` (HTML blocks), ending in a newline."""
    return render(template, levels=LEVEL_LABELS, home=HOME, count=_count, **context) + "\n"


def guide_home(catalogue: Catalogue, settings: Settings) -> GeneratedPage:
    """``thu-tuc/``: every field with its count, then every procedure, with the filter."""
    title = "Thủ tục hành chính"
    intro = (
        f"Hướng dẫn {_count(len(catalogue.procedures))} hành chính thường gặp tại "
        f"{settings.organisation.name}: giấy tờ cần mang theo, thời hạn, phí, lệ phí, nơi nộp và "
        "cách nộp trực tuyến."
    )
    content = _source(
        "procedures/guide_home.md.j2",
        here=HOME,
        title=title,
        intro=intro,
        fields=catalogue.fields,
        notes=LEVEL_NOTES,
        search=_search(catalogue.procedures),
        data_url=f"{PROCEDURES_DIR}/index.json",
    )
    return GeneratedPage(f"{HOME}index.md", title, content, intro)


def field_page(field: Field, settings: Settings) -> GeneratedPage:
    title = f"Thủ tục lĩnh vực {field.name}"
    intro = f"{_count(len(field.procedures))} thuộc lĩnh vực {field.name}."
    content = _source(
        "procedures/field_page.md.j2",
        here=field.url,
        title=title,
        intro=intro,
        field=field,
        search=_search(field.procedures),
    )
    return GeneratedPage(f"{field.url}index.md", title, content, intro)


def index_pages(catalogue: Catalogue, settings: Settings) -> list[GeneratedPage]:
    return [guide_home(catalogue, settings)] + [field_page(f, settings) for f in catalogue.fields]
