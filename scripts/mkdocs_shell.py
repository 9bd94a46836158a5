"""Page shells for MkDocs + Material: render a group of same-shaped pages once.

The MkDocs side of ``cchc.rendering.shell``. Post and listing pages (``PreparedPage``,
below) use the template ``cchc-shell.html``, which calls
``ShellRenderer``. For each group of pages that Material renders the same way apart from
their own values (same folder depth and so the same relative links, same hidden
sidebars, same optional parts), Material's ``main.html`` is rendered once for a *probe*
page whose title, description, canonical URL, content and skip-link target are
sentinels, with the page-specific parts of our templates (``cchc_slot``: the head lines
and the table of contents) left as holes. Each page is then that shell joined with its
own values, and the two small slot templates rendered for it.

Safety: the first page of every group is also rendered in full, and the group falls back
to full rendering if the two differ by a single byte. ``tests/test_engines.py`` compares a
whole site built with and without shells (``CCHC_SHELLS=0``).
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import normalize_url

from cchc.build import publish
from cchc.build.generate import folder_order
from cchc.build.pipeline import SiteBuild
from cchc.preview.session import Session
from cchc.rendering.shell import Shell, sentinel

log = logging.getLogger("mkdocs.hooks.cchc")

SHELL_TEMPLATE = "cchc-shell.html"
SLOT_TEMPLATES = {"head": "partials/cchc-head.html", "toc": "partials/toc.html"}
_H1_MARK = "<h1-cchc>"  # makes Material see "<h1" in the probe's content (removed after)


def enabled() -> bool:
    """Shells are on unless ``CCHC_SHELLS=0`` (the tests build both ways and compare)."""
    return os.environ.get("CCHC_SHELLS", "1") != "0"


class ShellRenderer:
    """``cchc_shell`` and ``cchc_slot`` for the templates (see the module docstring)."""

    def __init__(self, env: jinja2.Environment) -> None:
        self._env = env
        self._shells: dict[tuple[Any, ...], Shell | None] = {}
        self._probing = False
        self._lang: Any = None
        self._nav_urls: tuple[str, ...] | None = None
        self._links: dict[str, tuple[str, ...]] = {}

    def install(self) -> None:
        self._env.globals["cchc_slot"] = self.slot
        self._env.globals["cchc_shell"] = jinja2.pass_context(lambda context: self.page_html(context))

    def slot(self, name: str, caller: Callable[[], str]) -> str:
        """A page's own part: a hole while a shell is rendered, else rendered as is."""
        return sentinel(f"slot_{name}") if self._probing else caller()

    def page_html(self, context: jinja2.runtime.Context) -> str:
        values = context.get_all()
        page: Page = values["page"]
        key = (self._link_signature(page, values), *_shape(page, values))
        if key not in self._shells:
            self._shells[key] = self._make_shell(page, values)
        shell = self._shells[key]
        if shell is None:
            return self._full(values)
        return shell.fill(self._values(page, values))

    def _link_signature(self, page: Page, values: dict[str, Any]) -> tuple[str, ...]:
        """How the page links to every navigation entry (relative URLs).

        The same for every page of one folder (all posts sit in ``tin-tuc/``), unless an
        entry lies below the page itself, so it is worked out once per folder.
        """
        if self._nav_urls is None:
            nav = values.get("nav")
            self._nav_urls = tuple(_nav_urls(nav.items if nav else ()))
        folder = page.url.rstrip("/").rpartition("/")[0]
        if any(url.startswith(page.url) for url in self._nav_urls):
            folder = page.url  # an entry below the page: its own signature
        if folder not in self._links:
            self._links[folder] = tuple(normalize_url(url, page) for url in self._nav_urls)
        return self._links[folder]

    def _full(self, values: dict[str, Any]) -> str:
        return self._env.get_template("main.html").render(values)

    def _make_shell(self, page: Page, values: dict[str, Any]) -> Shell | None:
        self._probing = True
        try:
            html = self._full(dict(values, page=_probe(page)))
        finally:
            self._probing = False
        shell = Shell.parse(html.replace(sentinel("content") + _H1_MARK, sentinel("content")))
        if not shell.is_clean() or shell.fill(self._values(page, values)) != self._full(values):
            log.debug(f"Khuôn trang không dùng được cho {page.file.src_uri}: dựng đầy đủ.")
            return None
        return shell

    def _values(self, page: Page, values: dict[str, Any]) -> dict[str, str]:
        first = next(iter(page.toc), None)
        filled = {
            # Escaped as every template that prints them does (overrides/main.html).
            "title": escape(page.meta.get("title") or ""),
            "description": escape(page.meta.get("description") or ""),
            "canonical": escape(page.canonical_url or ""),
            "content": page.content or "",
            "skip": first.id if first is not None else "",
        }
        if self._lang is None:
            self._lang = self._env.get_template("partials/language.html").make_module(values)
        slot_values = dict(values, lang=self._lang)
        for name, template in SLOT_TEMPLATES.items():
            filled[f"slot_{name}"] = self._env.get_template(template).render(slot_values)
        return filled


def prepare_env(env: jinja2.Environment, cache: Path) -> None:
    """Material's templates compiled once for every build (``cache``), with the shells."""
    if publish.writable_dir(cache):
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    ShellRenderer(env).install()


def _shape(page: Page, values: dict[str, Any]) -> tuple[Any, ...]:
    """What else makes Material render two pages differently apart from the holes' values
    (besides their links to the navigation entries, ``ShellRenderer._link_signature``)."""
    meta = page.meta
    return (
        values.get("base_url"),
        page.url.count("/"),
        tuple(meta.get("hide") or ()),
        bool(meta.get("title")),
        bool(meta.get("description")),
        page.canonical_url is not None,
        "<h1" in (page.content or ""),
        len(page.toc) > 0,
    )


def _nav_urls(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        if getattr(item, "url", None) is not None:
            yield item.url
        yield from _nav_urls(getattr(item, "children", None) or ())


def _probe(page: Page) -> Page:
    """A copy of ``page`` with a sentinel in every value a shell leaves open."""
    probe = copy.copy(page)
    probe.meta = dict(page.meta)
    for name in ("title", "description"):
        if page.meta.get(name):  # an empty value takes another branch of the template (see _shape)
            probe.meta[name] = sentinel(name)
    probe.canonical_url = sentinel("canonical") if page.canonical_url is not None else None
    content = sentinel("content")
    probe.content = content + _H1_MARK if "<h1" in (page.content or "") else content
    toc = TableOfContents([AnchorLink("", sentinel("skip"), 2)]) if len(page.toc) else TableOfContents([])
    probe.toc = toc
    return probe


class PreparedPage(Page):
    """A post or listing page whose content the build has made (``own_content``): MkDocs
    neither reads it nor runs Markdown on it, and it is joined from a page shell."""

    def __init__(self, file: File, config: MkDocsConfig, build: SiteBuild) -> None:
        super().__init__(None, file, config)
        self._build = build

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = self._build.pages[self.file.src_uri].front_matter()
        if enabled():
            self.meta["template"] = SHELL_TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # The HTML is made when the template needs it (on_page_context) and dropped once
        # written (on_post_page): thousands of pages are never all in memory at once.
        src = self.file.src_uri
        self.content = ""
        page = self._build.pages[src]
        self.toc = get_toc([] if page.plain_html else self._build.rendered(src).toc_tokens)
        self.present_anchor_ids = None  # no anchor checks against these pages


class KeptFile(File):
    """A page written by the last build into the same folder and unchanged since (the
    preview's ``cchc.preview.session``): a dirty build (``mkdocs build --dirty``) leaves it."""

    def is_modified(self) -> bool:
        return False


def site_files(build: SiteBuild, files: Files, config: MkDocsConfig, session: Session | None = None) -> Files:
    """``files`` with the build's pages (replacing a same-named file of ``docs/``) and assets,
    in the order an engine finds them in a folder. ``session``: the preview's; the pages on
    disk as they would be written again (its last build into the same folder) are ``KeptFile``."""
    kept = session.kept(build, config.nav) if session is not None else frozenset()
    for page in build.pages.values():
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        kind = KeptFile if page.src_uri in kept else File
        file = kind.generated(config, page.src_uri, content="" if page.own_content else page.file_text())
        file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the site's own lists
        files.append(file)
        if session is not None:
            session.placed(page.src_uri, file.dest_uri)
    for asset in build.assets:
        source = {"abs_src_path": str(asset.source)} if asset.data is None else {"content": asset.data}
        files.append(File.generated(config, asset.dest, **source))
    return Files(sorted(files, key=folder_order))


def prepare_pages(build: SiteBuild, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """The build's own pages: as text for those in the navigation (MkDocs reads them), else
    as ``PreparedPage`` (no text, no YAML, no Markdown run by MkDocs)."""
    in_nav = {id(page) for page in nav.pages}
    for src, page in build.pages.items():
        file = files.get_file_from_path(src)
        if page.own_content and file is not None and id(file.page) in in_nav:
            file.content_string = page.file_text()  # left empty by site_files; MkDocs reads it
        elif page.own_content and file is not None:
            PreparedPage(file, config, build)
