"""Shared test helpers: fixture projects built with the real MkDocs command line."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

# "Now" for every test build: posts dated after this are held back as scheduled.
NOW = "2026-11-25T12:00:00+07:00"
SUBPATH_URL = "http://127.0.0.1:8000/cchc/"

# --- the suite's own commune and content -------------------------------------------------
#
# The repository's posts/, docs/ pages, data/ and the commune keys of its mkdocs.yml belong
# to whichever commune runs the site, and change when another commune adopts it. Tests use
# this fixture instead: a copy of the sample commune's content (posts/, docs/, data/) and of
# its commune keys (commune.yml). The rest of the repository's mkdocs.yml (theme, hooks,
# extensions, nav, per_page, feeds, limits, …) is the product and is taken as it is.
FIXTURE = REPO / "tests" / "fixtures" / "sample-commune"
COMMUNE_KEYS = ("site_name", "site_description", "site_url", "copyright")
COMMUNE_EXTRA_KEYS = ("organisation", "categories", "authors")


def _key_lines(lines: list[str], mapping: yaml.Node, end: int) -> dict[str, tuple[int, int]]:
    """``[start, stop)`` line range of each key of a block mapping ending before line ``end``.

    A key's range runs to the next key; blank lines and comments at or left of the key's
    column that end it are left out (they introduce what follows).
    """
    assert isinstance(mapping, yaml.MappingNode) and not mapping.flow_style, "a block mapping"
    keys = [(str(k.value), k.start_mark.line, k.start_mark.column) for k, _ in mapping.value]
    ranges: dict[str, tuple[int, int]] = {}
    for index, (name, start, column) in enumerate(keys):
        stop = keys[index + 1][1] if index + 1 < len(keys) else end
        while stop > start + 1:
            line = lines[stop - 1]
            indent = len(line) - len(line.lstrip())
            if line.strip() and not (line.lstrip().startswith("#") and indent <= column):
                break
            stop -= 1
        ranges[name] = (start, stop)
    return ranges


def compose_config(repo_text: str, commune_text: str) -> str:
    """``repo_text`` (a ``mkdocs.yml``) with its commune keys replaced by ``commune_text``'s.

    Text is spliced line by line, so the product part keeps its comments, layout and line
    numbers; a commune key the repository's file lacks is added.
    """
    lines = repo_text.splitlines(keepends=True)
    commune = commune_text.splitlines(keepends=True)
    top = _key_lines(lines, yaml.compose(repo_text, Loader=yaml.SafeLoader), len(lines))
    commune_root = yaml.compose(commune_text, Loader=yaml.SafeLoader)
    ctop = _key_lines(commune, commune_root, len(commune))
    edits: list[tuple[int, int, list[str]]] = []  # (start, stop, new lines)

    def block(source: list[str], span: tuple[int, int]) -> list[str]:
        text = source[span[0] : span[1]]
        if text and not text[-1].endswith("\n"):
            text[-1] += "\n"
        return text

    first = min((start for start, _ in top.values()), default=len(lines))
    for key in COMMUNE_KEYS:
        if key in ctop:
            start, stop = top.get(key, (first, first))
            edits.append((start, stop, block(commune, ctop[key])))
    commune_extra = next(v for k, v in commune_root.value if k.value == "extra")
    cextra = _key_lines(commune, commune_extra, ctop["extra"][1])
    if "extra" in top:
        root = yaml.compose(repo_text, Loader=yaml.SafeLoader)
        extra_node = next(v for k, v in root.value if k.value == "extra")
        extra = _key_lines(lines, extra_node, top["extra"][1])
        end = top["extra"][1]
        for key in COMMUNE_EXTRA_KEYS:
            if key in cextra:
                start, stop = extra.get(key, (end, end))
                edits.append((start, stop, block(commune, cextra[key])))
    else:
        added = ["\n", "extra:\n"]
        for key in COMMUNE_EXTRA_KEYS:
            added += block(commune, cextra[key]) if key in cextra else []
        edits.append((len(lines), len(lines), added))
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # From the end, so that earlier ranges stay put; at one place, a replaced range before the
    # keys added there, and added keys in the order above.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for start, stop, new in (edits[i] for i in order):
        lines[start:stop] = new
    text = "".join(lines)
    yaml.compose(text, Loader=yaml.SafeLoader)  # still one valid YAML document
    return text


# The mkdocs.yml of every test project: the repository's product settings, the fixture's
# commune. With today's sample commune it equals the repository's mkdocs.yml.
FIXTURE_CONFIG_TEXT = compose_config(
    (REPO / "mkdocs.yml").read_text(encoding="utf-8"), (FIXTURE / "commune.yml").read_text(encoding="utf-8")
)


def copy_fixture_content(root: Path, *names: str) -> None:
    """Copy the fixture's ``posts``, ``docs`` and ``data`` (or only ``names``) into ``root``."""
    for name in names or ("posts", "docs", "data"):
        shutil.copytree(FIXTURE / name, root / name, dirs_exist_ok=True)


def fixture_site(root: Path) -> Path:
    """A whole project with the fixture's content: what the repository is for the sample commune."""
    make_project(root)
    copy_fixture_content(root)
    return root


def _fixture_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="cchc-fixture-")) / "site"
    atexit.register(shutil.rmtree, root.parent, True)
    return fixture_site(root)


def make_project(
    root: Path,
    posts: Mapping[str, str | bytes] | None = None,
    docs: Mapping[str, str | bytes] | None = None,
) -> Path:
    """A throw-away site: the repo's code and templates, the fixture's config, the given content.

    ``posts`` and ``docs`` map paths (relative to ``posts/`` and ``docs/``) to file
    contents. ``mkdocs.yml`` is ``FIXTURE_CONFIG_TEXT``; the fixture's ``docs/index.md`` and
    ``docs/gioi-thieu.md`` are always included; procedures are only those given.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(FIXTURE_CONFIG_TEXT, encoding="utf-8")
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(REPO / name)
    (root / "posts").mkdir()
    (root / "docs").mkdir()
    for name in ("index.md", "gioi-thieu.md"):
        shutil.copy(FIXTURE / "docs" / name, root / "docs" / name)
    for base, files in (("posts", posts or {}), ("docs", docs or {})):
        for rel, content in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return root


# A ready project with all of the fixture's content, for tests that read settings, data or
# procedures without building (in place of the repository's root): never written to.
FIXTURE_ROOT = _fixture_root()


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


# The files holding the longest tests start first: ./scripts/test runs the files on two
# workers (pytest-xdist, one file per worker at a time), and a long file started last would
# leave the other worker idle at the end.
LONGEST_FIRST = ("test_publish.py", "test_gates.py", "test_a11y_browser.py", "test_engines.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order inside each group stays as collected


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
        page.on("requestfailed", self._request_failed)  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]
        page.route("**/*", self._route)  # type: ignore[attr-defined]

    def _console(self, msg: object) -> None:
        if msg.type == "error":  # type: ignore[attr-defined]
            self.console_errors.append(msg.text)  # type: ignore[attr-defined]

    def _request_failed(self, request: object) -> None:
        # A request the browser itself cancels because the test moved on (the favicon of a page
        # left at once) is not the site's failure; a refused, reset or unreachable one is.
        if "ERR_ABORTED" not in (request.failure or ""):  # type: ignore[attr-defined]
            self.failed.append(request.url)  # type: ignore[attr-defined]

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
