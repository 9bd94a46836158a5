"""The server configurations in deploy/, run for real: Debian's nginx and Apache serve a built
site under /cchc/ on 127.0.0.1 (as the current user, pid and logs in a temporary folder).

Checked: security headers (a Content-Security-Policy that no page breaks, in Chromium),
caching, media types with utf-8, gzip with the build's precompressed ``.gz`` files, the
Vietnamese 404 page; and, on the built files, that no page has an inline script or style the
policy would block and that the scripts moved out of Material's templates are still
Material's. ``./scripts/test`` installs nginx and apache2-bin (scripts/setup.sh).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURE, REPO, PageWatch, build_ok, make_project, post

pytestmark = pytest.mark.slow

NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
MATERIAL = REPO / ".venv/lib/python3.11/site-packages/material/templates"
PREFIX = "/cchc/"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()",
    "X-Frame-Options": "DENY",
}
LONG = "public, max-age=31536000, immutable"
SHORT = "no-cache"

DOCUMENT_POST = post(
    "Báo cáo kết quả tuyên truyền cải cách hành chính năm 2023",
    "2023-10-26",
    "[Báo cáo]",
    """document:
  number: 291/BC-UBND
  type: Báo cáo
  issued: 2023-10-26
  issuer: Ủy ban nhân dân xã Thượng Long
  parent_issuer: Ủy ban nhân dân huyện Nam Đông
  place: Thượng Long
  signer:
    authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]
    title: PHÓ CHỦ TỊCH
    name: Phạm Văn Núi
attachments:
  - file: bao-cao.pdf
    title: Báo cáo số 291/BC-UBND
""",
    "Ủy ban nhân dân xã báo cáo kết quả tuyên truyền.\n\n## Kết quả\n\nNội dung.\n",
)
POSTS: dict[str, str | bytes] = {
    "2023/bao-cao.md": DOCUMENT_POST,
    "2023/bao-cao.pdf": b"%PDF-1.4\n" + b"x" * 4000,
    "2024/mot-cua.md": post(
        "Bộ phận Một cửa mở cửa cả sáng thứ Bảy",
        "2024-04-02",
        "[Thông báo]",
        "tags: [Một cửa]\n",
        "Từ tháng 4, Bộ phận Một cửa tiếp nhận hồ sơ khai sinh cả sáng thứ Bảy.\n\n## Giờ làm việc\n\n"
        + "Sáng 7 giờ 30. " * 200
        + "\n",
    ),
}
PROCEDURE = "thu-tuc/ho-tich/dang-ky-khai-sinh.md"
PAGES = {
    "home": "",
    "post": "tin-tuc/bo-phan-mot-cua-mo-cua-ca-sang-thu-bay/",
    "document": "tin-tuc/bao-cao-ket-qua-tuyen-truyen-cai-cach-hanh-chinh-nam-2023/",
    "documents": "van-ban/",
    "procedure": "thu-tuc/ho-tich/dang-ky-khai-sinh/",
    "procedures": "thu-tuc/",
    "feed": "rss.xml",
    "atom": "atom.xml",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited {process.returncode}: {log.read_text(errors='replace')}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"server not listening on {port}")


@pytest.fixture(scope="module")
def www() -> Iterator[Path]:
    """A folder readable by every user (a server started as root reads the site as another
    user), holding the built site as ``www/cchc/`` and a place for the servers' files."""
    root = Path(tempfile.mkdtemp(prefix="cchc-servers-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def ports() -> dict[str, int]:
    return {"nginx": free_port(), "apache": free_port()}


@pytest.fixture(scope="module")
def site(www: Path, ports: dict[str, int]) -> Path:
    docs: dict[str, str | bytes] = {PROCEDURE: (FIXTURE / "docs" / PROCEDURE).read_bytes()}
    project = make_project(www / "src", POSTS, docs)
    shutil.copytree(FIXTURE / "docs/thu-tuc/mau", project / "docs/thu-tuc/mau")
    built = build_ok(project, site_url=f"http://127.0.0.1:{ports['nginx']}{PREFIX}")
    shutil.copy(REPO / "deploy/apache.htaccess", built / ".htaccess")
    (www / "www").mkdir()
    (www / "www" / PREFIX.strip("/")).symlink_to(built)
    for folder, dirs, files in os.walk(www):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o555 if path.is_dir() else path.stat().st_mode | 0o444)
    www.chmod(0o755)
    return built


@pytest.fixture(scope="module")
def nginx(www: Path, site: Path, ports: dict[str, int]) -> Iterator[str]:
    """Debian's nginx with deploy/nginx.conf, in the foreground; yields the site's URL."""
    assert Path(NGINX).exists(), "nginx is missing: ./scripts/test installs it (scripts/setup.sh)"
    run = www / "nginx"
    run.mkdir()
    temp = " ".join(
        f"{kind}_temp_path {run / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = run / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/access.log;
    {temp}
    server {{
        listen 127.0.0.1:{ports["nginx"]};
        root {www / "www"};
        include {REPO / "deploy/nginx.conf"};
    }}
}}
"""
    )
    # Own session: a server stopping signals its process group, which must not be pytest's.
    process = subprocess.Popen(
        [NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"], start_new_session=True
    )
    try:
        wait_for_port(ports["nginx"], process, run / "error.log")
        yield f"http://127.0.0.1:{ports['nginx']}{PREFIX}"
    finally:
        process.terminate()
        process.wait(timeout=10)
    errors = (run / "error.log").read_text()
    assert "[emerg]" not in errors and "[alert]" not in errors, errors


@pytest.fixture(scope="module")
def apache(www: Path, site: Path, ports: dict[str, int]) -> Iterator[str]:
    """Debian's Apache with deploy/apache.htaccess as the site's .htaccess; yields its URL."""
    assert Path(APACHE).exists(), "apache2 is missing: ./scripts/test installs it (scripts/setup.sh)"
    run = www / "apache"
    run.mkdir()
    # mpm_prefork: mpm_event logs "apr_pollset_add failure" on lingering closes on this kernel.
    modules = ("mpm_prefork", "authz_core", "dir", "mime", "headers", "filter", "deflate")
    load = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules)
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    conf = run / "httpd.conf"
    conf.write_text(
        f"""ServerRoot {run}
ServerName 127.0.0.1
Listen 127.0.0.1:{ports["apache"]}
PidFile {run}/httpd.pid
DefaultRuntimeDir {run}
ErrorLog {run}/error.log
LogLevel warn
{user}
{load}
TypesConfig /etc/mime.types
DocumentRoot {www / "www"}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {www / "www"}>
    AllowOverride FileInfo Indexes
    Require all granted
</Directory>
"""
    )
    check = subprocess.run([APACHE, "-t", "-f", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # Own session: on stop, mpm_prefork sends SIGTERM to its whole process group
    # (killpg(getpgrp())); in pytest's group that ended the test run with exit code 143.
    process = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"], start_new_session=True)
    try:
        wait_for_port(ports["apache"], process, run / "error.log")
        yield f"http://127.0.0.1:{ports['apache']}{PREFIX}"
    finally:
        process.terminate()
        process.wait(timeout=10)
    errors = (run / "error.log").read_text()
    assert ":error]" not in errors and ":alert]" not in errors, errors


def fetch(url: str, gzip_ok: bool = False) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip_ok else "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fingerprinted(site: Path) -> list[str]:
    found = [
        *site.glob("assets/stylesheets/main.*.min.css"),
        *site.glob("assets/javascripts/bundle.*.min.js"),
    ]
    assert len(found) == 2, found
    return [str(p.relative_to(site)) for p in found]


# --- the built files ---------------------------------------------------------------------

EXECUTABLE = {None, "", "text/javascript", "application/javascript", "module"}


class _Inline(HTMLParser):
    """Collects what a policy without 'unsafe-inline' blocks: inline scripts, event handler
    attributes, javascript: links, <style> elements and style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() in EXECUTABLE:
            self._script = True
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self._script:
            self.found.append(f"<script>{data[:80]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False


def test_no_page_has_an_inline_script_or_style(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    bad = {}
    for page in pages:
        parser = _Inline()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            bad[str(page.relative_to(site))] = parser.found
    assert not bad, f"blocked by the Content-Security-Policy (docs-dev/hosting.md): {bad}"


def _material_script(partial: str) -> str:
    text = (MATERIAL / "partials/javascripts" / partial).read_text()
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    return scripts[-1]  # content.html: the unconditional one (content.tabs.link is off)


def test_scripts_moved_out_of_material_are_still_materials() -> None:
    """A Material upgrade that changes these scripts must be carried into our files."""
    js = REPO / "overrides/assets/javascripts"
    scope = _material_script("base.html")
    printed = '"{{ config.extra.scope | d(base_url) }}"'
    assert printed in scope
    ours = scope.replace(printed, 'document.currentScript.getAttribute("data-md-scope")')
    assert ours in (js / "material-scope.js").read_text()
    assert _material_script("content.html") in (js / "material-content.js").read_text()


def test_text_files_have_deterministic_gz_copies(site: Path) -> None:
    from cchc.build import compress

    files = compress.candidates(site)
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".json" for p in files)
    for path in files:
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(packed) == path.read_bytes()
        assert packed[4:8] == b"\0\0\0\0", f"{path}: gzip mtime is set"
        assert not packed[3] & 0x08, f"{path}: gzip header names the file"
        assert packed == compress.gzip_bytes(path.read_bytes())
    small = [p for p in site.rglob("*.txt") if p.stat().st_size < compress.MIN_SIZE]
    assert small and not any(p.with_name(p.name + ".gz").exists() for p in small)


# --- nginx -------------------------------------------------------------------------------


def assert_security(headers: Message, where: str) -> None:
    for name, value in SECURITY.items():
        assert headers.get_all(name) == [value], f"{where}: {name}: {headers.get_all(name)}"


@pytest.mark.parametrize(
    ("path", "content_type", "cache"),
    [
        ("", "text/html; charset=utf-8", SHORT),
        (PAGES["post"], "text/html; charset=utf-8", SHORT),
        ("rss.xml", "application/rss+xml; charset=utf-8", SHORT),
        ("atom.xml", "application/atom+xml; charset=utf-8", SHORT),
        ("tin-tuc/chuyen-muc/bao-cao/rss.xml", "application/rss+xml; charset=utf-8", SHORT),
        ("search/index.json", "application/json; charset=utf-8", SHORT),
        ("sitemap.xml", "text/xml; charset=utf-8", SHORT),
        ("assets/javascripts/search.js", "application/javascript; charset=utf-8", SHORT),
        ("assets/images/logo.png", "image/png", "public, max-age=86400"),
    ],
)
def test_nginx_headers(nginx: str, path: str, content_type: str, cache: str) -> None:
    status, headers, _ = fetch(nginx + path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["Cache-Control"] == cache
    assert_security(headers, path)


def test_nginx_keeps_fingerprinted_assets_a_year(nginx: str, site: Path) -> None:
    for path in fingerprinted(site):
        status, headers, _ = fetch(nginx + path)
        assert status == 200 and headers["Cache-Control"] == LONG, path
        assert headers["Content-Type"].endswith("; charset=utf-8")
        assert_security(headers, path)


def test_nginx_keeps_versioned_search_shards_a_year(nginx: str, site: Path) -> None:
    shard = str(next(site.glob("search/p/*.json")).relative_to(site))
    assert fetch(nginx + shard + "?v=abc")[1]["Cache-Control"] == LONG
    assert fetch(nginx + shard)[1]["Cache-Control"] == SHORT


@pytest.mark.parametrize("path", ["", "rss.xml", "search/index.json", "assets/stylesheets/cchc.css"])
def test_nginx_sends_the_builds_gz_file(nginx: str, site: Path, path: str) -> None:
    file = site / (path or "index.html")
    packed = file.with_name(file.name + ".gz").read_bytes()
    status, headers, body = fetch(nginx + path, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert body == packed  # the precompressed file as it is, not compressed again
    assert headers["Content-Length"] == str(len(packed))
    status, headers, body = fetch(nginx + path)
    assert headers["Content-Encoding"] is None and body == file.read_bytes()


def test_nginx_missing_page_is_the_vietnamese_404(nginx: str) -> None:
    for path in ("khong-co-trang-nay/", "tin-tuc/2030/khong-co.html", "assets/khong-co.js"):
        status, headers, body = fetch(nginx + path)
        assert status == 404, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "Không tìm thấy trang (lỗi 404)" in body.decode("utf-8")
        assert_security(headers, path)


def test_nginx_redirects_a_folder_without_slash_relatively(nginx: str) -> None:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(nginx + "tin-tuc", timeout=10)
    assert info.value.code == 301 and info.value.headers["Location"] == PREFIX + "tin-tuc/"


# --- nginx in Chromium: no page breaks the policy ----------------------------------------

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cchcViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


@pytest.mark.browser
def test_nginx_pages_satisfy_the_policy_in_chromium(nginx: str, browser: object) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    violations: list[str] = []
    context.expose_function("__cchcViolation", lambda text: violations.append(text))
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watch = PageWatch(page, nginx)
    seen_csp = []
    page.on("response", lambda r: seen_csp.append(r.headers.get("content-security-policy")))
    try:
        for name, path in PAGES.items():
            response = page.goto(nginx + path, wait_until="networkidle")
            assert response.status == 200, name
            assert path.endswith(".xml") or page.evaluate("() => document.title"), name
        # the feed's browser view: its own XML styled by feed.css (an xml-stylesheet instruction)
        page.goto(nginx + "rss.xml", wait_until="networkidle")
        assert page.locator("text=Bộ phận Một cửa").count() > 0
        # search results
        page.goto(nginx, wait_until="networkidle")
        box = page.locator("#cchc-search-input")
        box.click()
        box.press_sequentially("khai sinh", delay=10)
        page.wait_for_function(
            "q => document.getElementById('cchc-search-list').dataset.settled === q",
            arg="khai sinh",
            timeout=10000,
        )
        assert page.locator("#cchc-search-list a").count() > 0
        page.locator("#cchc-search-list a").first.click()
        page.wait_for_load_state("networkidle")
        watch.assert_clean()
        # the 404 page: its own status is the only failed answer
        response = page.goto(nginx + "khong-co-trang-nay/", wait_until="networkidle")
        assert response.status == 404
        assert "Không tìm thấy trang (lỗi 404)" in page.locator("article").inner_text()
        assert watch.failed == [f"404 {nginx}khong-co-trang-nay/"]
        errors = [e for e in watch.console_errors if "404" not in e]
        assert not errors, errors
        assert not watch.foreign
        assert set(seen_csp) == {CSP}, "every answer carries the policy"
        assert not violations, violations
    finally:
        context.close()


# --- Apache ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "cache"),
    [
        ("", "text/html; charset=utf-8", SHORT),
        ("rss.xml", "application/rss+xml; charset=utf-8", SHORT),
        ("atom.xml", "application/atom+xml; charset=utf-8", SHORT),
        ("search/index.json", "application/json; charset=utf-8", SHORT),
        ("assets/images/logo.png", "image/png", "public, max-age=86400"),
    ],
)
def test_apache_headers(apache: str, path: str, content_type: str, cache: str) -> None:
    status, headers, _ = fetch(apache + path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["Cache-Control"] == cache
    assert_security(headers, path)


def test_apache_fingerprinted_assets_and_gzip(apache: str, site: Path) -> None:
    for path in fingerprinted(site):
        status, headers, body = fetch(apache + path, gzip_ok=True)
        assert status == 200 and headers["Cache-Control"] == LONG, path
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (site / path).read_bytes()
        assert_security(headers, path)


def test_apache_missing_page_is_the_vietnamese_404(apache: str) -> None:
    status, headers, body = fetch(apache + "khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang (lỗi 404)" in body.decode("utf-8")
    assert_security(headers, "404")


ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; "
    "connect-src 'self' http://127.0.0.1:* http://localhost:* https://gitlab.com https://api.github.com; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.browser
def test_nginx_admin_has_its_own_policy_and_the_editor_starts_under_it(nginx: str, browser: object) -> None:
    """Decap CMS writes <style> elements at run time and compiles WebAssembly: /admin/ gets a
    policy that allows exactly that (deploy/nginx.conf); the editor starts with no violation."""
    status, headers, _ = fetch(nginx + "admin/")
    assert status == 200
    assert headers["Content-Security-Policy"] == ADMIN_CSP
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert fetch(nginx)[1]["Content-Security-Policy"] == CSP  # residents' pages: the strict one
    context = browser.new_context()  # type: ignore[attr-defined]
    violations: list[str] = []
    context.expose_function("__cchcViolation", lambda text: violations.append(text))
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        response = page.goto(nginx + "admin/", wait_until="networkidle")
        assert response.status == 200
        page.wait_for_selector("#nc-root button, #nc-root a", timeout=20000)  # Decap's own UI
        assert not violations, violations
    finally:
        context.close()


def test_apache_admin_has_its_own_policy(apache: str) -> None:
    status, headers, _ = fetch(apache + "admin/")
    assert status == 200 and headers["Content-Security-Policy"] == ADMIN_CSP
    assert fetch(apache)[1]["Content-Security-Policy"] == CSP
