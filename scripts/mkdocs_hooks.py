"""MkDocs hooks: thin adapters between MkDocs events and the ``cchc`` package.

Everything with domain meaning (validation, URLs, listings, feeds, search, procedures)
lives in ``scripts/cchc``; this file only moves records in and out of MkDocs objects.
Registered in ``mkdocs.yml`` under ``hooks:``; ProperDocs runs it unchanged.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mkdocs_shell
from cchc.build import publish
from cchc.build.content import load_content
from cchc.build.worker import Receive, Worker, WorkerError
from cchc.core.problems import ContentError
from cchc.core.settings import Settings, now_local, settings_from_config
from cchc.core.text import markdown_slugify
from cchc.feeds import builder as feeds
from cchc.posts import pages as news
from cchc.posts.model import Post, PostSet
from cchc.procedures import catalogue as procedures
from cchc.rendering import cache as render
from cchc.rendering import markdown as markdown_engine
from cchc.rendering import organisation as about
from cchc.search import index as search

log = logging.getLogger("mkdocs.hooks.cchc")

# What search.doc_from_page needs of a page: url, title, content HTML, src_uri, post.
_SearchInput = tuple[str, str, str, str, Post | None]


class _State:
    """What one build knows: settings, validated records, pages rendered so far."""

    def __init__(self) -> None:
        self.command = "build"
        self.settings: Settings | None = None
        self.postset: PostSet | None = None
        self.posts: tuple[Post, ...] = ()
        self.by_src: dict[str, Post] = {}
        self.generated: dict[str, news.GeneratedPage] = {}
        self.procedures: procedures.Catalogue | None = None
        self.rendered: dict[str, render.Rendered] = {}  # post src_uri -> body HTML and TOC
        self.prepared: list[tuple[str, str]] = []  # (src_uri, url) of every _PreparedPage
        self.search_inputs: list[_SearchInput] = []  # other pages, as MkDocs rendered them
        self.nav: Navigation | None = None
        self.worker: Worker | None = None
        self.target: Path | None = None
        self.staging: Path | None = None
        self.failed = False

    @property
    def preview(self) -> bool:
        return self.command == "serve"


STATE = _State()


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    settings = settings_from_config(root, config)
    command = STATE.command
    STATE.__init__()  # a new build (mkdocs serve rebuilds in the same process)
    STATE.command = command
    STATE.settings = settings
    config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
    try:
        content = load_content(settings, now_local())
    except ContentError as error:
        raise PluginError(error.report()) from None
    STATE.postset, STATE.procedures = content.posts, content.procedures
    for warning in content.warnings:
        log.warning(warning.format())
    STATE.posts = STATE.postset.visible(STATE.preview)
    STATE.by_src = {p.src_uri: p for p in STATE.posts}
    _render_post_bodies(config, root)
    held = len(STATE.postset.drafts) + len(STATE.postset.scheduled)
    if held and not STATE.preview:
        log.info(f"Giữ lại {held} bài chưa công khai (bản nháp hoặc hẹn giờ đăng).")
    if not STATE.preview:
        STATE.target = Path(config.site_dir)
        STATE.staging = publish.staging_dir(STATE.target)
        config.site_dir = str(STATE.staging)
    site = Path(config.site_dir)
    STATE.worker = Worker(lambda receive: _write_outputs(site, receive), parallel=not STATE.preview)
    return config


def _cache_dir(root: Path, name: str) -> Path | None:
    """``.cache/<name>`` beside mkdocs.yml, or ``None`` where it cannot be written."""
    path = root / ".cache" / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def _render_post_bodies(config: MkDocsConfig, root: Path) -> None:
    """Render every post body once, in parallel, with the site's Markdown setup (cached)."""
    assert STATE.settings is not None and STATE.procedures is not None
    bodies = {
        p.src_uri: procedures.page_markdown(p.body, p.src_uri, STATE.procedures, STATE.settings)
        for p in STATE.posts
    }
    setup = markdown_engine.MarkdownSetup(tuple(config.markdown_extensions), config.mdx_configs)
    STATE.rendered = render.render_all(bodies, setup, root / ".cache" / "render.sqlite3")
    if (root / ".cache" / "html").is_dir():  # the cache's earlier form, a file per body
        publish.remove([root / ".cache" / "html"])


@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    settings = STATE.settings
    assert settings is not None
    for post in STATE.posts:
        _generated(config, post.src_uri, "", files)
        for asset in post.assets:
            if asset.data is not None:
                files.append(File.generated(config, asset.dest, content=asset.data))
            else:
                files.append(File.generated(config, asset.dest, abs_src_path=str(asset.source)))
    pages = news.column_pages(STATE.posts, settings)
    assert STATE.procedures is not None
    pages += procedures.index_pages(STATE.procedures, settings)
    for page in pages:
        STATE.generated[page.src_uri] = page
        _generated(config, page.src_uri, "", files)
    for src_uri in STATE.procedures.by_src:
        file = files.get_file_from_path(src_uri)
        if file is not None:
            file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the guide's index pages
    return files


def _generated(config: MkDocsConfig, src_uri: str, content: str, files: Files) -> File:
    file = File.generated(config, src_uri, content=content)
    file.inclusion = InclusionLevel.NOT_IN_NAV
    files.append(file)
    return file


class _PreparedPage(Page):
    """A page whose HTML the ``cchc`` package produces: MkDocs skips reading and Markdown.

    Posts (body rendered in ``render.py``) and generated listings. Creating a Markdown
    instance per page only to convert an empty string cost ~0.5 ms per page. A generated
    page that the ``nav:`` names (``tin-tuc/index.md``) gets a plain ``Page`` from MkDocs
    instead and goes through ``on_page_markdown``/``on_page_content`` below.
    """

    def __init__(self, file: File, config: MkDocsConfig, meta: dict[str, Any]) -> None:
        super().__init__(None, file, config)
        self._prepared_meta = meta

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = dict(self._prepared_meta)
        if mkdocs_shell.enabled():
            self.meta["template"] = mkdocs_shell.SHELL_TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # The HTML is made just before the template needs it (on_page_context) and dropped
        # once written (on_post_page): thousands of pages are never all in memory at once.
        src = self.file.src_uri
        self.content = ""
        self.toc = get_toc(STATE.rendered[src].toc_tokens if src in STATE.by_src else [])
        self.present_anchor_ids = None  # not collected: no anchor checks against these pages


def _prepared_content(src: str) -> str:
    post = STATE.by_src.get(src)
    if post is None:
        return STATE.generated[src].content
    assert STATE.settings is not None
    return news.post_page_html(post, STATE.settings, STATE.rendered[src].html())


def _generated_meta(generated: news.GeneratedPage) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": generated.title, "description": generated.description}
    meta["cchc_feeds"] = generated.feeds
    if generated.kind == "listing":
        meta["hide"] = ["toc"]
    return meta


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Give generated pages outside the nav their prepared HTML (see ``_PreparedPage``)."""
    STATE.nav = nav
    in_nav = {id(page) for page in nav.pages}
    prepared = [(p.src_uri, _post_meta(p)) for p in STATE.posts]
    prepared += [(g.src_uri, _generated_meta(g)) for g in STATE.generated.values()]
    for src, meta in prepared:
        file = files.get_file_from_path(src)
        if file is not None and id(file.page) not in in_nav:
            _PreparedPage(file, config, meta)
            STATE.prepared.append((src, file.url))
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Every page is read: give the worker the search records of the pages that are not posts."""
    assert STATE.nav is not None and STATE.worker is not None and STATE.settings is not None
    # Compiled templates kept between builds: compiling Material's ~40 templates costs ~0.4 s.
    cache = _cache_dir(STATE.settings.root, "jinja")
    if cache is not None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    mkdocs_shell.ShellRenderer(env).install()
    docs = [search.doc_from_page(*page) for page in STATE.search_inputs]
    for src, url in STATE.prepared:
        generated = STATE.generated.get(src)
        if generated is not None and generated.kind != "listing":
            docs.append(search.doc_from_page(url, generated.title, generated.content, src, None))
    STATE.worker.send(docs)
    return env


def _write_outputs(site: Path, receive: Receive) -> None:
    """Search index, feeds, procedure data and robots.txt, written into ``site`` by the
    worker (from the end of ``on_config``, beside MkDocs' own work).

    The posts' search records and the feeds first, then the other pages' records, which
    ``on_env`` sends once MkDocs has read those pages (measured: the worker then never
    waits for them, and ends about when MkDocs ends its page loop).
    """
    settings = STATE.settings
    assert settings is not None and STATE.procedures is not None
    index = search.IndexBuilder()
    index.add_in_order(_post_search_doc(p) for p in sorted(STATE.posts, key=lambda p: p.url))
    published = _published()
    html_by_url = {p.url: STATE.rendered[p.src_uri].html() for p in feeds.members(published, settings)}
    outputs = feeds.build_all(published, html_by_url, settings)
    outputs.update(procedures.data_files(STATE.procedures, settings))
    outputs["robots.txt"] = _robots(settings).encode()
    index.add_all(receive())
    outputs.update(index.files())
    publish.write_files(site, outputs)


def _post_search_doc(post: Post) -> search.SearchDoc:
    """A post's search record from its record and its rendered body (text and terms cached)."""
    header, footer = news.post_searchable_html(post)
    rendered = STATE.rendered[post.src_uri]
    return search.doc_from_post(post.url, post, header, rendered.text(), footer, rendered.terms)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    settings = STATE.settings
    assert settings is not None
    src = page.file.src_uri
    if isinstance(page, _PreparedPage):
        return markdown
    elif src in STATE.generated:  # a generated page named in nav: (see _PreparedPage)
        page.meta.update(_generated_meta(STATE.generated[src]))
        return ""
    elif src == "index.md":
        markdown = markdown.replace("<!-- cchc:latest -->", news.latest_html(STATE.posts, ""))
    markdown = about.expand(markdown, settings.organisation)
    assert STATE.procedures is not None
    page.meta.update(procedures.page_meta(src, STATE.procedures))
    return procedures.page_markdown(markdown, page.file.src_uri, STATE.procedures, settings)


def _post_meta(post: Post) -> dict[str, Any]:
    return {
        "title": post.title,
        "description": post.description,
        "cchc_post": post,
        "cchc_feeds": tuple(news.category_feeds(c) for c in post.categories),
    }


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if isinstance(page, _PreparedPage):
        return html  # searched from the records (_prepared_search_input)
    if src in STATE.generated:
        html = STATE.generated[src].content
    if src not in STATE.generated or STATE.generated[src].kind != "listing":
        STATE.search_inputs.append((page.url, page.title or "", html, src, STATE.by_src.get(src)))
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
    if isinstance(page, _PreparedPage):
        page.content = _prepared_content(page.file.src_uri)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    page.content = None  # written out; nothing reads it again (memory: thousands of pages)
    return output


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the worker's outputs (search index, feeds); fail the build if they failed."""
    assert STATE.worker is not None
    try:
        STATE.worker.join()
    except WorkerError as error:
        raise PluginError(f"Lỗi khi tạo chỉ mục tìm kiếm và nguồn tin:\n{error}") from None


def _published() -> tuple[Post, ...]:
    return tuple(p for p in STATE.posts if not p.draft and not p.scheduled)


def _robots(settings: Settings) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {settings.absolute('sitemap.xml')}\n"


def on_build_error(error: Exception) -> None:
    STATE.failed = True
    if STATE.worker is not None:
        STATE.worker.cancel()
    if STATE.staging is not None:
        publish.discard(STATE.staging)


def on_shutdown() -> None:
    _publish()
    # The process ends now. Its ~1 million objects (many in reference cycles: pages, files,
    # navigation) are left to the OS instead of a last garbage collection: 0.3–0.5 s at
    # 1 000 posts, measured, for nothing.
    gc.freeze()


def _publish() -> None:
    if STATE.staging is None or STATE.target is None:
        return
    if STATE.failed or not STATE.staging.exists():
        publish.discard(STATE.staging)
        return
    publish.swap_into_place(STATE.staging, STATE.target)
    log.info(f"Đã xuất bản trang vào thư mục {STATE.target}")
