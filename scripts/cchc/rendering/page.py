"""The pages the build adds to or changes in the site, as engine-neutral records.

A ``GeneratedPage`` is what any engine needs to make one page: a source URI, the front
matter (plain strings, lists and mappings only, so it can be written to a file and read
back by an engine without hooks) and the page source (HTML blocks and Markdown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedLink:
    """A pair of feeds (RSS and Atom) a page links to; URLs are site-relative."""

    title: str
    rss: str
    atom: str


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build makes (``src_uri`` ends in ``.md``).

    ``html`` is the page source, or a function that makes it: listing pages are made when
    they are written, so thousands of them are never all held in memory.
    """

    src_uri: str
    title: str
    html: str | Callable[[], str]
    description: str = ""
    feeds: tuple[FeedLink, ...] = ()
    kind: str = "listing"

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")

    @property
    def content(self) -> str:
        return self.html if isinstance(self.html, str) else self.html()
