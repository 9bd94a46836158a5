"""Site search index (stub: filled in by the search issue)."""

from __future__ import annotations

from dataclasses import dataclass

from .posts import Post


@dataclass(frozen=True)
class SearchDoc:
    url: str
    title: str
    text: str
    kind: str


def doc_from_page(url: str, title: str, html: str, src_uri: str, post: Post | None) -> SearchDoc:
    return SearchDoc(url, title, "", "post" if post else "page")


def build_index(docs: list[SearchDoc]) -> dict[str, bytes]:
    """Every search index file, as ``{site-relative path: bytes}``."""
    return {}
