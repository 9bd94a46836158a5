"""Shared test helpers: fixture projects built with the real MkDocs command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

# "Now" for every test build: posts dated after this are held back as scheduled.
NOW = "2026-11-25T12:00:00+07:00"
SUBPATH_URL = "http://127.0.0.1:8000/cchc/"


def make_project(
    root: Path,
    posts: Mapping[str, str | bytes] | None = None,
    docs: Mapping[str, str | bytes] | None = None,
) -> Path:
    """A throw-away site: the repo's config, code and templates, with the given content.

    ``posts`` and ``docs`` map paths (relative to ``posts/`` and ``docs/``) to file
    contents. The repo's ``docs/index.md`` and ``docs/gioi-thieu.md`` are always included;
    procedures are only those given.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    (root / "posts").mkdir()
    (root / "docs").mkdir()
    for name in ("index.md", "gioi-thieu.md"):
        shutil.copy(REPO / "docs" / name, root / "docs" / name)
    for base, files in (("posts", posts or {}), ("docs", docs or {})):
        for rel, content in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return root


def run_build(
    project: Path,
    *,
    site_url: str = SUBPATH_URL,
    engine: str = "mkdocs",
    extra_args: tuple[str, ...] = (),
    now: str = NOW,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` (or ``properdocs build``) in ``project``; never raises."""
    env = dict(os.environ)
    env.update(
        CCHC_NOW=now,
        CCHC_SITE_URL=site_url,
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
    )
    module = "mkdocs" if engine == "mkdocs" else "properdocs"
    cmd = [sys.executable, "-m", module, "build", "-f", "mkdocs.yml", *extra_args]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def build_ok(project: Path, **kwargs: object) -> Path:
    """Build and assert success; returns the site directory."""
    result = run_build(project, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def post(
    title: str = "Bài thử",
    date: str = "2024-03-05",
    categories: str = "[Tin tức]",
    extra: str = "",
    body: str = "Đoạn mở đầu của bài viết.\n",
) -> str:
    """The text of a post file with the given front matter values."""
    return f"---\ntitle: {title}\ndate: {date}\ncategories: {categories}\n{extra}---\n\n{body}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tmp_path / "site-src"


# --- serving a built site under a sub-path, and a browser --------------------------------

import contextlib  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static server that serves ``directory`` under ``prefix`` only."""

    prefix = "/cchc/"

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/cchc/") -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:<port><prefix>``; yields that base URL."""
    handler = functools.partial(type("H", (_SubPathHandler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """Records console errors, failed requests and requests to other hosts."""

    def __init__(self, page: object, base: str) -> None:
        from urllib.parse import urlsplit

        self.page = page
        self.host = urlsplit(base).netloc
        self.console_errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda req: self.failed.append(req.url))  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]
        page.route("**/*", self._route)  # type: ignore[attr-defined]

    def _console(self, msg: object) -> None:
        if msg.type == "error":  # type: ignore[attr-defined]
            self.console_errors.append(msg.text)  # type: ignore[attr-defined]

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.failed.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]

    def _route(self, route: object, request: object) -> None:
        from urllib.parse import urlsplit

        url = request.url  # type: ignore[attr-defined]
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == self.host:
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def page_watch(browser: object) -> Iterator[object]:
    """A fresh browser page; call ``watch(base)`` on it to start recording."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
