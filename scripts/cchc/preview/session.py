"""What the preview keeps from one build to the next, so that a saved post rebuilds fast.

A build after a change to files of ``posts/`` only writes into the folder being served
(MkDocs' dirty build) and renders only the pages that differ from the last good build
into that folder: a page whose content and front matter are the same, and which is not in
the menu (``nav:``, whose pages every page links to), is left as it is on disk. Every other
change (``mkdocs.yml``, ``overrides/``, ``docs/``) builds a whole new folder. Posts read
before are not read again unless their files changed (``cchc.posts.load_cache``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc.build.pipeline import SiteBuild
from cchc.build.publish import Output
from cchc.core.memo import Memo
from cchc.core.settings import Settings
from cchc.posts.load_cache import LoadCache
from cchc.rendering.markdown import MarkdownSetup
from cchc.rendering.page import GeneratedPage

# What decides a generated page's HTML besides the templates and the menu: its front
# matter and content (the rendered HTML for the pages the package renders itself).
Fingerprint = tuple[Any, ...]


@dataclass
class Session:
    """The preview's memory between builds (one per running preview)."""

    posts: LoadCache = field(default_factory=LoadCache)
    post_pages: Memo[GeneratedPage] = field(default_factory=Memo)
    pages: dict[str, tuple[Fingerprint, str]] = field(default_factory=dict)  # src → (fingerprint, dest)
    dirty: bool = False  # this build writes into the last good build's folder
    build: SiteBuild | None = None  # the build being made (its outputs are the preview's to write)
    made: dict[str, Fingerprint] = field(default_factory=dict)  # this build's pages
    dests: dict[str, str] = field(default_factory=dict)  # their output paths in the site folder
    outputs: dict[str, bytes] = field(default_factory=dict)  # digest of each output file on disk

    def start(self, dirty: bool) -> None:
        self.dirty = dirty and bool(self.pages)
        self.post_pages.start()
        self.build, self.made, self.dests = None, {}, {}

    def site_build(self, settings: Settings, markdown: MarkdownSetup) -> SiteBuild:
        """The build of the preview (drafts and scheduled posts shown) with what it keeps."""
        return SiteBuild(settings, markdown, preview=True, posts_cache=self.posts, page_memo=self.post_pages)

    def kept(self, build: SiteBuild, nav: Any) -> frozenset[str]:
        """The pages of ``build`` that are on disk as they would be written again."""
        self.build = build
        self.made = {src: fingerprint(build, src) for src in build.pages}
        if not self.dirty:
            return frozenset()
        in_nav = set(nav_sources(nav))
        return frozenset(
            src
            for src, print_ in self.made.items()
            if src not in in_nav and src in self.pages and self.pages[src][0] == print_
        )

    def placed(self, src: str, dest: str) -> None:
        """Where the engine writes the page ``src`` (its path in the site folder)."""
        self.dests[src] = dest

    def written(self) -> list[str]:
        """This build succeeded: its pages are remembered; the output paths of the pages
        that are gone since the last build into the same folder are returned (to remove)."""
        made = {src: (print_, self.dests.get(src, "")) for src, print_ in self.made.items()}
        gone = [dest for src, (_, dest) in self.pages.items() if src not in made and dest]
        self.pages, self.made, self.dests = made, {}, {}
        return gone if self.dirty else []

    def forget(self) -> None:
        """The folder may be half written (a build failed while writing): build anew."""
        self.pages, self.made, self.dests, self.outputs = {}, {}, {}, {}

    def changed_outputs(self, files: dict[str, Output]) -> dict[str, Output]:
        """The output files to write: in a dirty build, those not on disk as they are (a
        cached file to copy is named by what it holds)."""
        digests = {path: _digest(data) for path, data in files.items()}
        if self.dirty:
            files = {path: data for path, data in files.items() if self.outputs.get(path) != digests[path]}
        self.outputs = digests
        return files


def _digest(data: Output) -> bytes:
    return data.name.encode() if isinstance(data, Path) else hashlib.blake2b(data, digest_size=16).digest()


def fingerprint(build: SiteBuild, src: str) -> Fingerprint:
    """What the page ``src`` of ``build`` is made from (equal: the same page on disk)."""
    page = build.pages[src]
    if page.own_content and not page.plain_html:
        return (repr(page.front_matter()), build.page_html(src))
    html = page.html
    if isinstance(html, functools.partial):  # a listing, made when written from these values
        return (repr(page.front_matter()), html.func, html.args, tuple(sorted(html.keywords.items())))
    return (repr(page.front_matter()), page.content)


def nav_sources(nav: Any) -> Iterator[str]:
    """The files named in ``nav:`` (as MkDocs reads it: lists of titles → file or section)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        yield from _each(nav.values())
    elif isinstance(nav, list):
        yield from _each(nav)


def _each(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        yield from nav_sources(item)
