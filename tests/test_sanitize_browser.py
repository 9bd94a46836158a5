"""Bodies sanitised, in Chromium: a post holding every vector that is only a warning (so the
site builds) makes no request to another host, opens no dialog and does not navigate away;
its feed carries none of them either."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PageWatch, build_ok, make_project, post, serve
from test_sanitize import EVIL, WARNINGS, _png

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_post_with_every_warning_vector_stays_on_its_own_host(tmp_path: Path, page_watch: object) -> None:
    body = "Mở đầu bài viết.\n\n![Ảnh](anh.png)\n\n" + "\n".join(b for b, _ in WARNINGS.values())
    project = make_project(tmp_path / "p", posts={"2025/bai.md": post(body=body), "2025/anh.png": _png()})
    site = build_ok(project)
    html = (site / "tin-tuc" / "bai-thu" / "index.html").read_text(encoding="utf-8")
    assert EVIL not in html
    for feed in ("tin-tuc/rss.xml", "tin-tuc/atom.xml"):
        path = site / feed
        if path.is_file():
            assert EVIL not in path.read_text(encoding="utf-8")
    page = page_watch
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    with serve(site) as base:
        watch = PageWatch(page, base)
        url = f"{base}tin-tuc/bai-thu/"
        page.goto(url, wait_until="load")  # type: ignore[attr-defined]
        page.hover("article")  # type: ignore[attr-defined]
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]
        assert page.url == url  # type: ignore[attr-defined]
        assert page.evaluate("document.querySelector('article img[src$=\"anh.png\"]').naturalWidth") == 4  # type: ignore[attr-defined]
        assert not watch.foreign, watch.foreign
        assert dialogs == []
        watch.assert_clean()
