"""The preview (``python -m cchc preview``) in Chromium: a broken save shows its problems on
the open page without F5, every request is still answered at once, a fix reloads the page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import NOW, REPO, make_project, post

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SHOTS = Path(os.environ.get("CCHC_SHOT_DIR", "/tmp"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post("Bài xem trước", body="Bản đầu tiên.\n")})
    port = _free_port()
    env = dict(os.environ, CCHC_NOW=NOW, PYTHONPATH=str(REPO / "scripts"))
    env.pop("CCHC_SITE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "cchc", "preview", "--root", str(project), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/cchc/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "tin-tuc/bai-xem-truoc/", timeout=2) as response:
                if "Bản đầu tiên" in response.read().decode("utf-8"):
                    break
        except OSError:
            pass
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the preview did not start"
        time.sleep(0.3)
    yield project, base, process
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_broken_save_shows_problems_and_fix_reloads(
    preview: tuple[Path, str, object], browser: object
) -> None:
    project, base, process = preview
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page = context.new_page()
    url = base + "tin-tuc/bai-xem-truoc/"
    page.goto(url)
    assert "Bản đầu tiên" in page.inner_text("article")
    source = project / "posts" / "2024" / "a.md"
    source.write_text(post("Bài xem trước", date="2024-13-05", body="Bản đầu tiên.\n"), encoding="utf-8")
    overlay = page.locator("#cchc-preview-overlay")
    overlay.wait_for(timeout=30_000)  # no F5: the page reloads itself with the problems
    text = overlay.inner_text()
    assert "posts/2024/a.md" in text and "dòng 3" in text and "trường «date»" in text
    assert "2024-13-05" in text and "Cách sửa:" in text
    assert "Bản đầu tiên" in page.inner_text("article")  # the last good page stays under it
    page.screenshot(path=str(SHOTS / "cchc-preview-overlay-360.png"), full_page=False)
    start = time.monotonic()
    page.reload()
    assert time.monotonic() - start < 2, "a reload while the content is broken must answer at once"
    assert page.locator("#cchc-preview-overlay").count() == 1
    source.write_text(post("Bài xem trước", body="Bản đã sửa.\n"), encoding="utf-8")
    page.wait_for_function(  # mid-reload there is no body yet: asked again until there is
        "() => document.body !== null && document.body.innerText.includes('Bản đã sửa')", timeout=30_000
    )  # reloaded by itself
    assert page.locator("#cchc-preview-overlay").count() == 0
    context.close()
    os.killpg(process.pid, signal.SIGINT)  # type: ignore[attr-defined]
    log = process.communicate(timeout=20)[0]  # type: ignore[attr-defined]
    assert "Có lỗi, trang xem trước vẫn là bản đúng gần nhất" in log
    assert "Đã dựng xong trang xem trước" in log
    assert "Aborted" not in log and "Building documentation" not in log and "BuildError" not in log
