"""Administrative procedures (TTHC) (stub: filled in by the procedures issue)."""

from __future__ import annotations

from dataclasses import dataclass

from .news import GeneratedPage
from .site import Settings


@dataclass(frozen=True)
class Catalogue:
    procedures: tuple[object, ...] = ()


def load_catalogue(settings: Settings) -> Catalogue:
    return Catalogue()


def index_pages(catalogue: Catalogue, settings: Settings) -> list[GeneratedPage]:
    return [GeneratedPage("thu-tuc/index.md", "Thủ tục hành chính", "<h1>Thủ tục hành chính</h1>\n")]


def page_markdown(markdown: str, src_uri: str, catalogue: Catalogue, settings: Settings) -> str:
    return markdown


def data_files(catalogue: Catalogue, settings: Settings) -> dict[str, bytes]:
    return {}
