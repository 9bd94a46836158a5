"""Decap CMS at /admin/ end to end: Chromium, the local backend (decap-server) on 127.0.0.1.

The site of a throw-away project is built and served; ``decap-server`` runs in the project
(it writes there). A post made through the editor's UI is saved as ``posts/<year>/<slug>.md``
with its attachment beside it, passes the checker unchanged and is published by the next
build; an entry the checker would refuse is refused by the editor, with the checker's own
Vietnamese words. The admin page requests nothing from another host (the local server
excepted: it is the backend).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import NOW, REPO, PageWatch, build_ok, make_project, post, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SERVER = REPO / "node_modules" / ".bin" / "decap-server"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TIMEOUT = 20_000  # ms, for each wait in the editor

if not SERVER.exists():  # pragma: no cover - npm ci not run
    pytest.skip("node_modules missing: run ./scripts/test (npm ci)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Editor:
    """A built project, its site served, ``decap-server`` on a free port of 127.0.0.1."""

    def __init__(self, root: Path, port: int, base: str) -> None:
        self.root, self.port, self.base = root, port, base
        self.api = f"127.0.0.1:{port}"

    def check(self) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "cchc", "check", "--root", str(self.root)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    port = _free_port()
    root = make_project(tmp_path / "site-src", posts={"2024/bai-cu.md": post()})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"  cms:\n    local_port: {port}\n", "utf-8")
    site = build_ok(root)
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", LOG_LEVEL="warn")
    server = subprocess.Popen([str(SERVER)], cwd=root, env=env, stdout=subprocess.DEVNULL)
    try:
        with serve(site) as base:
            yield Editor(root, port, base)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _open_new_post(page: object, editor: Editor) -> PageWatch:
    watch = PageWatch(page, editor.base)
    page.unroute("**/*")  # type: ignore[attr-defined]
    page.route("**/*", lambda route, request: _route(watch, editor, route, request))  # type: ignore[attr-defined]
    page.set_default_timeout(TIMEOUT)  # type: ignore[attr-defined]
    page.goto(editor.base + "admin/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]
    page.get_by_text("Bài viết").first.wait_for()  # type: ignore[attr-defined]
    page.goto(editor.base + "admin/#/collections/posts/new")  # type: ignore[attr-defined]
    page.get_by_label("Tiêu đề").wait_for()  # type: ignore[attr-defined]
    return watch


def _route(watch: PageWatch, editor: Editor, route: object, request: object) -> None:
    """The site's own host and the local backend pass; anything else is recorded and refused."""
    if urlsplit(request.url).netloc == editor.api:  # type: ignore[attr-defined]
        route.continue_()  # type: ignore[attr-defined]
    else:
        watch._route(route, request)


def _fill_document(page: object, number: str) -> None:
    page.locator("[id^=document-field] [data-testid=expand-button]").first.click()  # type: ignore[attr-defined]
    page.get_by_label("Số, ký hiệu").fill(number)  # type: ignore[attr-defined]
    page.get_by_label("Loại văn bản").fill("Thông báo")  # type: ignore[attr-defined]
    page.get_by_label("Ngày ban hành").fill("2026-11-20")  # type: ignore[attr-defined]
    page.get_by_label("Cơ quan ban hành").fill("Ủy ban nhân dân xã Thượng Long")  # type: ignore[attr-defined]
    page.get_by_label("Địa danh").fill("Thượng Long")  # type: ignore[attr-defined]
    page.get_by_label("Chức vụ").fill("CHỦ TỊCH")  # type: ignore[attr-defined]
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")  # type: ignore[attr-defined]


def _publish(page: object) -> None:
    page.get_by_role("button", name="Công bố").first.click()  # type: ignore[attr-defined]
    page.get_by_text("Công bố ngay").click()  # type: ignore[attr-defined]


def test_post_made_in_the_editor_is_checked_and_published(editor: Editor, page_watch: object) -> None:
    page = page_watch
    watch = _open_new_post(page, editor)
    page.get_by_label("Tiêu đề").fill("Thông báo lịch tiếp công dân tháng 12")
    page.get_by_label("Chuyên mục").fill("Thông báo")
    page.keyboard.press("Enter")
    _fill_document(page, "12/TB-UBND")
    page.get_by_role("button", name="Thêm tệp đính kèm").click()
    page.get_by_role("button", name="Chọn một tập tin").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "lich-tiep-cong-dan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Tên hiển thị").fill("Thông báo số 12/TB-UBND (bản PDF)")
    _publish(page)
    page.get_by_text("Mục đã được lưu").wait_for()

    year = datetime.now().year
    saved = editor.root / "posts" / str(year) / "thong-bao-lich-tiep-cong-dan-thang-12.md"
    assert saved.is_file(), sorted(p.name for p in (editor.root / "posts").rglob("*"))
    assert (saved.parent / "lich-tiep-cong-dan.pdf").read_bytes() == PDF
    text = saved.read_text(encoding="utf-8")
    assert "number: 12/TB-UBND" in text and "file: lich-tiep-cong-dan.pdf" in text, text
    assert "''" not in text and '""' not in text, text  # no empty optional field written
    watch.assert_clean()

    before = saved.read_bytes()
    checked = editor.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert saved.read_bytes() == before  # the checker read it as it is

    later = max(datetime.fromisoformat(NOW), datetime.now(UTC)) + timedelta(
        days=1
    )  # the post is not held back
    site = build_ok(editor.root, now=later.isoformat())
    page_html = site / "tin-tuc" / "thong-bao-lich-tiep-cong-dan-thang-12" / "index.html"
    assert page_html.is_file()
    assert "12/TB-UBND" in page_html.read_text(encoding="utf-8")
    assert (page_html.parent / "lich-tiep-cong-dan.pdf").is_file()


def test_editor_refuses_what_the_checker_refuses(editor: Editor, page_watch: object) -> None:
    page = page_watch
    watch = _open_new_post(page, editor)
    page.get_by_label("Tiêu đề").fill("Kế hoạch có số sai")
    page.get_by_label("Chuyên mục").fill("Kế hoạch")
    page.keyboard.press("Enter")
    _fill_document(page, "Kế hoạch 11")
    _publish(page)
    shown = page.get_by_text("Số, ký hiệu không đúng dạng: ghi theo Nghị định 30/2020/NĐ-CP")
    shown.first.wait_for()
    assert not list((editor.root / "posts").rglob("ke-hoach-co-so-sai*"))
    # Decap logs the refused save as a console error: only the requests are checked here
    assert not watch.foreign, watch.foreign
    assert not watch.failed, watch.failed
