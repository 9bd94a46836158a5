"""The preview's pieces without a browser: what is added to pages, the problems found again
in MkDocs' exception chain, the server answering while the content is broken, the command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from cchc.__main__ import main
from cchc.core.problems import ContentError, Problem
from cchc.preview import builder, server
from conftest import NOW, REPO, make_project, post

HOSTILE = '<script>alert("x")</script>'


def test_overlay_lists_each_problem_escaped() -> None:
    state = server.State()
    state.failed([Problem("posts/2024/a.md", f"Sai {HOSTILE}", field="date", line=3, fix="Sửa ngày.")])
    html = server.inject(b"<html><body><p>Bai</p></body></html>", state, "/cchc/").decode()
    assert "posts/2024/a.md</strong>, dòng 3, trường «date»" in html
    assert "Cách sửa:</em> Sửa ngày." in html
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert html.index('id="cchc-preview-overlay"') < html.index("</body>")
    assert 'src="/cchc/__xem-truoc__/live.js" data-cchc-version="1"' in html


def test_good_page_gets_only_the_live_script() -> None:
    state = server.State()
    state.good(Path("/nowhere"))
    html = server.inject(b"<body>x</body>", state, "/").decode()
    assert "cchc-preview-overlay" not in html and "live.js" in html


def test_content_error_found_through_the_chain() -> None:
    problem = Problem("posts/a.md", "Lỗi.")
    try:
        try:
            try:
                raise ContentError([problem])
            except ContentError as error:
                raise RuntimeError(error.report()) from None  # like the hooks' PluginError
        except RuntimeError:
            raise SystemExit("Aborted")  # noqa: B904 (like MkDocs: the context is kept)
    except SystemExit as abort:
        found = builder._content_error(abort)
    assert found is not None and found.problems == [problem]


@pytest.mark.slow
def test_server_answers_from_last_good_folder_while_broken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "tin-tuc").mkdir(parents=True)
    (site / "tin-tuc" / "index.html").write_text("<html><body>Tin cũ</body></html>", encoding="utf-8")
    (site / "404.html").write_text("<html><body>Không có</body></html>", encoding="utf-8")
    state = server.State()
    state.good(site)
    state.failed([Problem("posts/a.md", "Thiếu tiêu đề.", field="title")])
    httpd = server.make_server(state, "127.0.0.1", 0, "/cchc/")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/cchc/"
    try:
        with urllib.request.urlopen(base + "tin-tuc/", timeout=2) as response:
            body = response.read().decode()
        assert "Tin cũ" in body and "Thiếu tiêu đề." in body
        with urllib.request.urlopen(base + "__xem-truoc__/state", timeout=2) as response:
            assert response.read() == b'{"version": 2, "problems": 1}'
        try:
            urllib.request.urlopen(base + "../../etc/passwd", timeout=2)
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.slow
def test_a_page_is_told_of_a_new_build_as_soon_as_it_is_shown(tmp_path: Path) -> None:
    state = server.State()
    state.good(tmp_path)
    httpd = server.make_server(state, "127.0.0.1", 0, "/", wait=20.0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    ask = f"http://127.0.0.1:{httpd.server_address[1]}/__xem-truoc__/state?v="
    try:
        with urllib.request.urlopen(ask + "0", timeout=2) as response:  # an older page: at once
            assert response.read() == b'{"version": 1, "problems": 0}'
        answers: list[tuple[float, bytes]] = []

        def wait() -> None:
            with urllib.request.urlopen(ask + "1", timeout=30) as response:
                answers.append((time.monotonic(), response.read()))

        waiting = threading.Thread(target=wait)
        waiting.start()
        time.sleep(1.5)  # the question is open at the server: no answer while nothing changed
        assert answers == []
        good_at = time.monotonic()
        state.failed([Problem("posts/a.md", "Thiếu tiêu đề.", field="title")])
        waiting.join(timeout=10)
        assert answers and answers[0][1] == b'{"version": 2, "problems": 1}'
        assert answers[0][0] - good_at < 5.0  # told at once, not after the question's 20 s
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_watcher_sees_new_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    before = builder.snapshot(tmp_path)
    (tmp_path / "posts" / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "posts" / ".a.md.swp").write_text("x", encoding="utf-8")
    after = builder.snapshot(tmp_path)
    assert set(after) - set(before) == {str(tmp_path / "posts" / "a.md")}


def test_preview_is_a_command(capsys: object) -> None:
    try:
        main(["preview", "--help"])
    except SystemExit as done:
        assert done.code == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "--port" in out and "cổng" in out


@pytest.mark.slow
@pytest.mark.parametrize("when", ["during the first build", "while serving"])
def test_sigterm_stops_the_preview_and_removes_its_folders(tmp_path: Path, when: str) -> None:
    """A service manager or a closed terminal sends SIGTERM: the preview says it stopped,
    exits 0 and leaves none of its build folders behind."""
    project = make_project(tmp_path / "p", posts={"2024/a.md": post("Bài xem trước")})
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, CCHC_NOW=NOW, PYTHONPATH=str(REPO / "scripts"), TMPDIR=str(temp))
    env.pop("CCHC_SITE_URL", None)
    command = [sys.executable, "-m", "cchc", "preview", "--root", str(project), "--port", "0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    wanted = "đang dựng lần đầu" if when == "during the first build" else "Đã dựng xong trang xem trước"
    deadline = time.monotonic() + 120
    for line in process.stdout:
        if wanted in line or time.monotonic() > deadline:
            break
    assert list(temp.glob("cchc-xem-truoc-*")), "the preview builds into a folder of its own"
    process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=60)[0]
    assert process.returncode == 0, rest
    assert "Đã dừng trang xem trước." in rest and "Traceback" not in rest
    assert list(temp.iterdir()) == []
