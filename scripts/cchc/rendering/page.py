"""The pages the build adds to or changes in the site, as engine-neutral records.

A ``GeneratedPage`` is what any engine needs to make one page: a source URI, its front
matter (plain strings, lists and mappings only, so that it can be written to a file and
read back by an engine without hooks) and its source (HTML blocks and Markdown). Which
pages are searched, and which sources are plain HTML that Markdown leaves as they are,
is decided here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from cchc.core.urls import url_of
from cchc.rendering.markdown import frame_tables

# What a page is. Listings (lists of posts, index pages of the procedure guide) are not
# searched: their text is the titles and summaries of pages that are.
KINDS = ("post", "listing", "procedure", "page")


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
    they are written, so thousands of them are never all held in memory. Such a function
    is a ``functools.partial`` of a function of its arguments alone (the preview compares
    the arguments to tell whether the page changed, ``cchc.preview.session``). ``meta`` holds
    front matter beyond title, description and feeds (``hide``, ``cchc_og``…).
    """

    src_uri: str
    title: str
    html: str | Callable[[], str]
    description: str = ""
    feeds: tuple[FeedLink, ...] = ()
    kind: str = "listing"
    meta: Mapping[str, Any] = field(default_factory=dict)
    search: bool = True  # False: a page kept out of the site search (the publishing guide)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def content(self) -> str:
        """The page source; for a page of HTML only, its tables already in Material's frames
        (what Markdown's pass does to the others, ``rendering/markdown.py``)."""
        html = self.html if isinstance(self.html, str) else self.html()
        return frame_tables(html) if self.plain_html else html

    @property
    def searchable(self) -> bool:
        """Whether the page goes into the site search (the one place this is decided):
        not listings, nor a page made with ``search=False``."""
        return self.kind != "listing" and self.search

    @property
    def plain_html(self) -> bool:
        """Whether the source is HTML only, which Markdown returns unchanged: an engine may
        use it as the page content as it is (tested: ``tests/test_engines.py``)."""
        return self.kind == "listing"

    @property
    def own_content(self) -> bool:
        """Whether the build makes the page's content itself (a post, through the render
        cache; a listing, as it is): an engine that can take it needs no Markdown."""
        return self.kind == "post" or self.plain_html

    def front_matter(self) -> dict[str, Any]:
        """The page's front matter, as an engine reads it (a page of ``docs/`` keeps its
        own: its title may come from its first heading, as the engine takes it)."""
        if self.kind == "page":
            return dict(self.meta)
        data: dict[str, Any] = {"title": self.title}
        if self.description:
            data["description"] = self.description
        if self.feeds:
            data["cchc_feeds"] = [{"title": f.title, "rss": f.rss, "atom": f.atom} for f in self.feeds]
        if self.kind == "listing":
            data["hide"] = ["toc"]
        data.update(self.meta)
        return data

    def file_text(self) -> str:
        """The page as a Markdown file with YAML front matter."""
        front = yaml.safe_dump(self.front_matter(), allow_unicode=True, sort_keys=False, width=10**6)
        return f"---\n{front}---\n\n{self.content}"
