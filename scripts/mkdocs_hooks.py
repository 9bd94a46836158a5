"""MkDocs hooks: a thin adapter that hands MkDocs the pages of ``cchc.build.SiteBuild``.

Every domain rule lives in the ``cchc`` package; a build without hooks (``python -m cchc
build --engine plain``) makes the same site from the folder ``cchc.build.generate`` writes.
Registered in ``mkdocs.yml`` under ``hooks:`` (ProperDocs runs it unchanged); the preview
registers an ``Adapter`` of its own (``cchc.preview.builder``)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mkdocs_shell
from cchc.build import faults, publish
from cchc.build.pipeline import SiteBuild, content_epoch, markdown_setup
from cchc.build.worker import WorkerError
from cchc.core.problems import ContentError
from cchc.core.settings import settings_from_config

if TYPE_CHECKING:
    from cchc.preview.session import Session

log = logging.getLogger("mkdocs.hooks.cchc")


class Adapter:
    """The current build and its publication (``session``: the preview's, which writes the outputs)."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.command = "build"
        self.build: SiteBuild | None = None
        self.publication: publish.Publication | None = None
        self.config: MkDocsConfig | None = None
        self.root: Path | None = None  # where the developers' log of machine faults goes

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = root = Path(config.config_file_path).resolve().parent
        self.publication = None
        if self.command != "serve":  # first: one build at a time; the preview never publishes
            self.publication = publish.Publication(Path(config.site_dir), notify=log.warning)
            config.site_dir = str(self.publication.staging)
            self.config = config
        elif (root / "posts").is_dir() and str(root / "posts") not in config.watch:
            config.watch.append(str(root / "posts"))  # the preview rebuilds when a post changes
        setup = markdown_setup(config.markdown_extensions, config.mdx_configs)
        config.mdx_configs.update(setup.configs)
        config.markdown_extensions = list(setup.extensions)  # with the body sanitiser
        try:
            settings = settings_from_config(root, config)
            if self.session is not None:
                self.build = self.session.site_build(settings, setup)
            else:
                self.build = SiteBuild(settings, setup, preview=self.command == "serve")
        except ContentError as error:
            raise PluginError(error.report()) from None
        # MkDocs dates sitemap.xml.gz (and Page.update_date) with the build day unless this is set.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(content_epoch(self.build)))
        for warning in [w.format() for w in self.build.content.warnings] + faults.check_cache(root):
            log.warning(warning)
        if self.build.held_back:
            log.info(f"Giữ lại {self.build.held_back} bài chưa công khai (bản nháp hoặc hẹn giờ đăng).")
        try:
            self.build.render(publish.cache_dir(root) / "render.sqlite3")  # bodies sanitised
        except ContentError as error:
            raise PluginError(error.report()) from None
        for problem in self.build.render_warnings:
            log.warning(problem.format())
        if self.session is None:
            self.build.start_outputs(Path(config.site_dir), parallel=self.command != "serve")
        return config

    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        return mkdocs_shell.site_files(self.build, files, config, self.session)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.build is not None
        mkdocs_shell.prepare_pages(self.build, nav, files, config)
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        assert self.build is not None
        mkdocs_shell.prepare_env(env, publish.cache_dir(self.build.settings.root) / "jinja")
        self.build.release_outputs()  # the site folder is cleaned and ready for them
        return env

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if isinstance(page, mkdocs_shell.PreparedPage) and self.build is not None:
            page.content = self.build.page_html(page.file.src_uri)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        page.content = None  # written out; nothing reads it again (memory: thousands of pages)
        return output

    @event_priority(-100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.build is not None
        try:
            self.build.finish_outputs()
        except WorkerError as error:
            raise PluginError(f"Lỗi khi tạo chỉ mục tìm kiếm và nguồn tin:\n{error}") from None

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.cancel_outputs()
        if self.publication is not None:
            self.publication.fail()
        if faults.is_fault(error):  # raised in MkDocs itself (writing the site): no traceback
            raise PluginError(faults.report(error, self.root, "build")) from None

    def on_shutdown(self) -> None:
        if self.publication is not None and self.publication.finish():
            log.info(f"Đã xuất bản trang vào thư mục {self.publication.target}")
        if self.publication is not None and self.config is not None:
            # `mkdocs gh-deploy` pushes config.site_dir after on_shutdown: the published site
            self.config.site_dir = str(self.publication.target)


def events(adapter: Adapter) -> SimpleNamespace:
    """The adapter's events as MkDocs registers a hook's: a machine fault gets no traceback."""

    def guard(name: str) -> Any:
        return faults.guarded(getattr(adapter, name), lambda: adapter.root, PluginError)

    return SimpleNamespace(**{name: guard(name) for name in vars(Adapter) if name.startswith("on_")})


globals().update(vars(events(Adapter())))  # the events of this file, as a hook of mkdocs.yml
