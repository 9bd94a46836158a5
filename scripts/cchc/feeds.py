"""RSS 2.0 and Atom feeds of the news column (stub: filled in by the feeds issue)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .posts import Post
from .site import Settings


def build_all(posts: Sequence[Post], html_by_url: Mapping[str, str], settings: Settings) -> dict[str, bytes]:
    """Every feed file of the site, as ``{site-relative path: bytes}``."""
    return {}
