"""One build of the site, whatever engine renders its pages.

Settings → validated content (``content.py``) → pages (``GeneratedPage``: posts,
listings, the documents register, procedure pages and the guide's indexes, the home and
about pages) → outputs (feeds, search index, JSON data, robots.txt). An engine turns the
pages into HTML: MkDocs through the hooks (``scripts/mkdocs_hooks.py``), or any engine
reading the folder that ``generate.py`` writes. The outputs are plain files.

The state of one build lives on one ``SiteBuild``; nothing here knows MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cchc.authoring.guide import guide_page
from cchc.build import pages, publish
from cchc.build.content import Content, load_content
from cchc.build.worker import Receive, Worker
from cchc.cms import admin as cms
from cchc.core.frontmatter import Source
from cchc.core.memo import Memo
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import TIMEZONE, Settings, now_local
from cchc.core.text import markdown_slugify
from cchc.core.urls import url_of
from cchc.documents import data as documents
from cchc.documents import register
from cchc.feeds import builder as feeds
from cchc.legal import site as legal
from cchc.posts import pages as news
from cchc.posts import variants
from cchc.posts.load_cache import LoadCache
from cchc.posts.model import Asset, Post
from cchc.procedures import catalogue as procedures
from cchc.procedures import offline
from cchc.rendering import cards, organisation, sanitize, social
from cchc.rendering.cache import Rendered, render_all
from cchc.rendering.markdown import EXTENSION, MarkdownSetup
from cchc.rendering.page import GeneratedPage
from cchc.search import index as search

# Where Python-Markdown's footnotes extension puts the notes (its PLACE_MARKER option):
# after the body, before the post's signature block, attachments and tags.
FOOTNOTES_MARK = sanitize.FOOTNOTES_MARK


class SiteBuild:
    """Everything one build knows: settings, validated records, pages, rendered posts.

    ``preview`` (the preview server) also builds drafts and scheduled posts, marked as
    such on their pages; they never reach the feeds or the published site. ``posts_cache``
    and ``page_memo``: the preview's posts read and post pages made by its earlier builds
    (``cchc.posts.load_cache``, ``cchc.core.memo``).
    """

    def __init__(
        self,
        settings: Settings,
        markdown: MarkdownSetup,
        *,
        preview: bool = False,
        now: datetime | None = None,
        posts_cache: LoadCache | None = None,
        page_memo: Memo[GeneratedPage] | None = None,
    ) -> None:
        self.settings = settings
        self.markdown = markdown
        self.preview = preview
        self.now = now or now_local()
        self._memo = page_memo
        self.content: Content = load_content(settings, self.now, posts_cache)  # raises ContentError
        self.posts: tuple[Post, ...] = self.content.posts.visible(preview)
        self.images = _image_sets(self.assets)  # the posts' images, by site path, with their variants
        self.cards: list[cards.Card] = []  # share cards of pages without a cover (made with the pages)
        made = legal.annotated(  # citations linked, abbreviations marked; register, glossary, statistics
            list(self._make_pages()),
            self.posts,
            self.published,
            self.content.procedures,
            self.content.known,
            self.content.terms,
        )
        self.pages: dict[str, GeneratedPage] = {p.src_uri: p for p in made}
        self._rendered: dict[str, Rendered] = {}
        self._worker: Worker | None = None
        self.render_warnings: list[Problem] = []  # what sanitising bodies removed (``render``)

    # --- content ---------------------------------------------------------------------------

    @property
    def published(self) -> tuple[Post, ...]:
        """The posts readers and feed readers get (never drafts or scheduled posts)."""
        return self.content.posts.published

    @property
    def held_back(self) -> int:
        """Drafts and scheduled posts left out of this build."""
        return 0 if self.preview else len(self.content.posts.drafts) + len(self.content.posts.scheduled)

    @property
    def assets(self) -> Iterator[Asset]:
        """Images and attachments published beside the posts."""
        for post in self.posts:
            yield from post.assets

    # --- pages -----------------------------------------------------------------------------

    def _make_pages(self) -> Iterator[GeneratedPage]:
        settings, catalogue = self.settings, self.content.procedures
        footnotes = "footnotes" in self.markdown.names()
        taken = frozenset(a.dest for a in self.assets)
        for post in self.posts:
            body = procedures.page_markdown(post.body, post.src_uri, catalogue, settings)
            body = variants.picture_body(body, post.url, self.images, first=post.image is None)
            cover = self.images.get(post.image.dest) if post.image else None
            og, card = social.post_og(post, settings, cover, taken)
            self.cards += [card] if card else []
            args = (post, settings, body, footnotes, og, cover)
            make = partial(pages.post_page, *args)
            yield self._memo.made(post.src_uri, args, make) if self._memo is not None else make()
        yield from news.column_pages(self.posts, settings)
        yield from register.register_pages(self.posts)
        yield from procedures.index_pages(catalogue, settings)
        for procedure in catalogue.procedures:
            meta = procedures.page_meta(procedure.src_uri, catalogue)
            markdown = procedures.page_markdown(procedure.body, procedure.src_uri, catalogue, settings)
            og, card = social.procedure_og(procedure, meta["description"], settings)
            self.cards += [card] if card else []
            yield GeneratedPage(
                procedure.src_uri,
                meta["title"],
                markdown,
                meta["description"],
                kind="procedure",
                meta={"cchc_og": og, pages.LASTMOD: procedure.meta.cap_nhat.isoformat()},
            )
        guide = guide_page(settings.root)  # for officials: not in the menu, nor in search
        if guide is not None:
            yield guide
        for source in self.content.pages:
            yield pages.docs_page(source, self._placeholders(source), catalogue, settings)
        if not any(s.rel == f"docs/{organisation.ENGLISH_PAGE}" for s in self.content.pages):
            yield organisation.english_page(settings)  # en/ (Decree 42, art. 7), unless docs/ has one

    def _placeholders(self, source: Source) -> dict[str, Callable[[], str]]:
        here = url_of(source.rel.removeprefix("docs/"))
        # thumbnails 160 px wide: the 360 px copy (sharp on a screen of 2 pixels a CSS pixel)
        thumbnails = {dest: image.smallest(320) for dest, image in self.images.items()}
        return pages.placeholders(self.settings, self.posts, self.content.procedures.fields, here, thumbnails)

    # --- rendering -------------------------------------------------------------------------

    def render(self, cache_file: Path | None) -> None:
        """Render the pages the package renders itself, through the render cache: posts
        (their page, feed entry and search text) and the searchable pages of ``docs/``
        (search text only: the engine renders those pages)."""
        sources = {
            src: page.content for src, page in self.pages.items() if page.searchable and not page.plain_html
        }
        self._rendered = render_all(sources, self.markdown, cache_file)
        found = self._body_problems()
        self.render_warnings = [p for p in found if p.warning]
        if any(not p.warning for p in found):
            raise ContentError([p for p in found if not p.warning])

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every warning of the build: the content's, then the sanitiser's (after ``render``)."""
        return (*self.content.warnings, *self.render_warnings)

    def _body_problems(self) -> list[Problem]:
        """What the sanitiser removed from post and procedure bodies, with file and line;
        every image, video and audio source must be a file the site publishes."""
        found: list[Problem] = []
        made = {v.dest for image in self.images.values() for v in image.variants}  # srcset files
        for post in self.posts:
            checks = self._rendered[post.src_uri].checks
            if checks.findings or checks.media:
                published = partial(_in_set, {a.dest for a in post.assets} | made, post.url)
                found += sanitize.problems(checks, post.source, post.body, post.body_line, published)
        docs = self.settings.docs_dir.resolve()
        for procedure in self.content.procedures.procedures:
            checks = self._rendered[procedure.src_uri].checks
            if checks.findings or checks.media:
                published = partial(_docs_file, docs, posixpath.dirname(procedure.src_uri) + "/")
                line = _body_line(self.settings.root / procedure.source, procedure.body)
                found += sanitize.problems(checks, procedure.source, procedure.body, line, published)
        return found

    def rendered(self, src_uri: str) -> Rendered:
        return self._rendered[src_uri]

    def page_html(self, src_uri: str) -> str:
        """The content HTML of a post, or of a listing page (``plain_html``: as Markdown
        returns it, without the blank lines around it)."""
        page = self.pages[src_uri]
        return page.content.strip() if page.plain_html else self._rendered[src_uri].html()

    # --- outputs ---------------------------------------------------------------------------

    def start_outputs(self, site: Path, *, parallel: bool) -> None:
        """Make the outputs on another core while the engine renders the pages (a forked
        worker, ``worker.py``; in-process when ``parallel`` is off). They are written into
        ``site`` once ``release_outputs`` says the engine has prepared that folder."""
        self._worker = Worker(lambda receive: self._write_outputs(site, receive), parallel=parallel)

    def release_outputs(self) -> None:
        if self._worker is not None:
            self._worker.send(None)

    def finish_outputs(self) -> None:
        """Wait for the outputs; ``WorkerError`` with the worker's message if they failed."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.send(None)  # nothing happens when it was sent already
            worker.join()

    def cancel_outputs(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()

    def _write_outputs(self, site: Path, receive: Receive) -> None:
        files = self.outputs()
        receive()  # the engine has cleaned and prepared the output folder
        publish.write_files(site, files)

    def outputs(self) -> dict[str, publish.Output]:
        """Every file of the site that is not a page: ``{site-relative path: bytes}``, or a
        cached file to copy (share cards, ``publish.Output``)."""
        settings = self.settings
        members = feeds.members(self.published, settings)
        html_by_url = {p.url: self.page_html(p.src_uri) for p in members}
        files: dict[str, publish.Output] = dict(feeds.build_all(self.published, html_by_url, settings))
        files.update(procedures.data_files(self.content.procedures, settings))
        files[documents.INDEX_JSON] = documents.index_json(register.documents(self.posts), settings)
        files["robots.txt"] = robots_txt(settings).encode()
        files.update(self._search_index())
        files.update(cms.admin_files(settings, self.content.procedures))  # /admin/: Decap CMS
        cache = publish.cache_dir(settings.root)
        files.update(cards.card_files(self.cards, cache / "cards"))
        assets = {a.dest: a for a in self.assets}
        files.update(variants.variant_files(self.images.values(), assets, cache / "images" / "variants"))
        files[offline.PATH] = offline.service_worker(files, self.now)  # last: its id covers the rest
        return files

    def _search_index(self) -> dict[str, bytes]:
        index = search.IndexBuilder()
        posts = sorted(self.posts, key=lambda p: p.url)
        index.add_in_order(self._post_search_doc(p) for p in posts)
        others = [p for p in self.pages.values() if p.searchable and p.kind != "post"]
        index.add_all(self._page_search_doc(p) for p in others)
        return index.files()

    def _post_search_doc(self, post: Post) -> search.SearchDoc:
        rendered = self._rendered[post.src_uri]
        return search.doc_from_post(post.url, post, rendered.text(), rendered.terms)

    def _page_search_doc(self, page: GeneratedPage) -> search.SearchDoc:
        if page.plain_html:
            text = search.plain_text(self.page_html(page.src_uri))
        else:
            text = self._rendered[page.src_uri].text()
        return search.doc_from_text(page.url, page.title, text, page.kind)


def _site_path(folder: str, src: str) -> str:
    """The path ``src`` (a relative URL written in ``folder``, which ends with ``/``) names."""
    return posixpath.normpath(posixpath.join(folder, unquote(urlsplit(src).path)))


def _in_set(paths: set[str], folder: str, src: str) -> bool:
    return _site_path(folder, src) in paths


def _docs_file(docs: Path, folder: str, src: str) -> bool:
    """Whether ``src`` in ``folder`` is a file of ``docs/`` the engine publishes (no dot-files)."""
    path = _site_path(folder, src)
    if path.startswith(("/", "..")) or any(part.startswith(".") for part in path.split("/")):
        return False
    file = (docs / path).resolve()
    return file.is_relative_to(docs) and file.is_file()


def _body_line(path: Path, body: str) -> int:
    """The line of ``path`` where ``body`` (the text after the front matter) starts."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return 1
    return text[: len(text) - len(body)].count("\n") + 1 if body and text.endswith(body) else 1


def robots_txt(settings: Settings) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {settings.absolute('sitemap.xml')}\n"


def content_epoch(build: SiteBuild) -> int:
    """The newest content date of the build (posts, procedures) as a Unix time: the
    ``SOURCE_DATE_EPOCH`` the engine gets, so that nothing it writes (MkDocs dates
    ``sitemap.xml.gz`` with it) depends on the day of the build."""
    dates = [pages.content_date(p) for p in build.published]
    dates += [
        datetime.combine(p.meta.cap_nhat, datetime.min.time(), TIMEZONE)
        for p in build.content.procedures.procedures
    ]
    return int(max(dates, default=feeds.EPOCH).timestamp())


def _image_sets(assets: Iterator[Asset]) -> dict[str, variants.ImageSet]:
    """Every image the posts publish, by site path, with its sizes and variants' names."""
    published = list(assets)
    taken = frozenset(a.dest for a in published)
    sets = {a.dest: variants.image_set(a, taken) for a in published}
    return {dest: image for dest, image in sets.items() if image is not None}


def markdown_setup(extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> MarkdownSetup:
    """The site's Markdown setup from the engine's (as MkDocs normalises ``mkdocs.yml``):
    headings get Vietnamese-folded ids (``dang-ky-khai-sinh``), whatever the engine."""
    merged = {name: dict(conf) for name, conf in configs.items()}
    merged.setdefault("toc", {})["slugify"] = markdown_slugify
    sanitiser = () if EXTENSION in extensions else (EXTENSION,)  # bodies sanitised, whatever the engine
    return MarkdownSetup((*extensions, *sanitiser), merged)
