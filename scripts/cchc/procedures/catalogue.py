"""The administrative procedure (TTHC) guide: what the MkDocs hook asks of it.

``load_catalogue`` validates every record in ``docs/thu-tuc/`` and every
``[[TTHC:…]]`` reference in posts and pages, reporting all problems at once. The other
functions hand the hook the pages, page metadata and data files built from the records
(``procedure_model``, ``procedure_links``, ``procedure_pages``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cchc.core.problems import raise_if_any
from cchc.core.settings import Settings, now_local
from cchc.core.urls import PROCEDURES_DIR
from cchc.posts.model import post_files
from cchc.procedures.data import description, index_json
from cchc.procedures.index_pages import index_pages as _index_pages
from cchc.procedures.links import check_references, link_references
from cchc.procedures.loading import load_records, markdown_files
from cchc.procedures.model import Catalogue
from cchc.procedures.pages import procedure_markdown
from cchc.rendering.page import GeneratedPage

__all__ = ["Catalogue", "data_files", "index_pages", "load_catalogue", "page_markdown", "page_meta"]


def load_catalogue(settings: Settings, now: datetime | None = None) -> Catalogue:
    """Every procedure record, validated; ``[[TTHC:…]]`` references checked against them.

    Raises ``ContentError`` listing every problem (records first, then references).
    """
    catalogue = load_records(settings, (now or now_local()).date())
    sources = post_files(settings.posts_dir) + markdown_files(settings.docs_dir)
    raise_if_any(check_references(sources, settings.root, catalogue))
    return catalogue


def index_pages(catalogue: Catalogue, settings: Settings) -> list[GeneratedPage]:
    """The guide's home (``thu-tuc/``) and one page per field (``thu-tuc/linh-vuc/<slug>/``)."""
    return _index_pages(catalogue, settings)


def page_meta(src_uri: str, catalogue: Catalogue) -> dict[str, Any]:
    """Title and description of a procedure page (nothing for other pages)."""
    procedure = catalogue.by_src.get(src_uri)
    if procedure is None:
        return {}
    return {"title": procedure.name, "description": description(procedure)}


def page_markdown(markdown: str, src_uri: str, catalogue: Catalogue, settings: Settings) -> str:
    """A procedure page rendered from its record; on every page, ``[[TTHC:…]]`` as links."""
    procedure = catalogue.by_src.get(src_uri)
    if procedure is not None:
        markdown = procedure_markdown(procedure, markdown, settings)
    return link_references(markdown, src_uri, catalogue)


def data_files(catalogue: Catalogue, settings: Settings) -> dict[str, bytes]:
    """``thu-tuc/index.json``: every record for other systems."""
    return {f"{PROCEDURES_DIR}/index.json": index_json(catalogue, settings)}
