"""The procedures guide offline in Chromium at 360 px (thu-tuc/sw.js from
procedures/offline.py, offline.js): after one visit a procedure page and the guide's index
load without a network, with a note saying they are an offline copy and when the site was
built; a rebuilt site is fetched fresh (network first) and its worker drops the old cache."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE, build_ok, make_project, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"width": 360, "height": 800}
PROCEDURE = "thu-tuc/ho-tich/dang-ky-khai-sinh/"
SHOTS = Path("/tmp/cchc-share-shots")
NOTE = ".cchc-offline-note"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("offline") / "p")
    shutil.copytree(FIXTURE / "docs", project / "docs", dirs_exist_ok=True)
    build_ok(project)
    return project


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=PHONE, service_workers="allow")
    yield ctx
    ctx.close()


def poll(page: Any, script: str, arg: object, timeout: float = 15.0) -> None:
    """Evaluate the async ``script`` until it gives true (``wait_for_function`` does not wait
    for a promise)."""
    end = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < end, script
        time.sleep(0.2)


KEPT = """async (url) => {
  const names = (await caches.keys()).filter(n => n.startsWith("cchc-thu-tuc-"));
  if (names.length !== 1) return false;
  const cache = await caches.open(names[0]);
  return Boolean(await cache.match(url)) && Boolean(await cache.match(new URL("../../", url).href));
}"""


def wait_until_kept(page: Any, url: str, other_than: str = "") -> str:
    """Wait until the worker controls the page and its one cache (not ``other_than``) holds
    ``url`` and the guide's index; the cache's name."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    poll(page, KEPT, url)
    if other_than:
        poll(page, "async (old) => !(await caches.keys()).includes(old)", other_than)
        poll(page, KEPT, url)
    names = [n for n in page.evaluate("caches.keys()") if n.startswith("cchc-thu-tuc-")]
    assert len(names) == 1, names  # one cache: this build's
    return names[0]


def test_a_procedure_page_and_the_index_open_offline(project: Path, context: Any) -> None:
    with serve(project / "site") as base:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + PROCEDURE)
        assert page.locator(NOTE).count() == 0  # online: no note
        wait_until_kept(page, base + PROCEDURE)
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").first.text_content().strip() == "Đăng ký khai sinh"
        note = page.locator(NOTE)
        note.wait_for()
        text = note.text_content()
        assert "Bản lưu ngoại tuyến" in text and "12:00 ngày 25/11/2026" in text, text
        assert note.get_attribute("role") == "status"
        styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert styled in ("sticky", "fixed")  # the stylesheets came from the cache too
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "offline-360-procedure.png"))
        page.goto(base + "thu-tuc/")  # the index: kept when the worker was installed
        assert page.locator(NOTE).count() == 1
        assert "Thủ tục" in page.title()
        context.set_offline(False)
        page.goto(base + PROCEDURE)
        assert page.locator(NOTE).count() == 0  # online again: the page from the network
        assert errors == []


def test_a_rebuilt_site_is_never_served_stale(project: Path, context: Any) -> None:
    source = project / "docs" / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.md"
    original = source.read_text(encoding="utf-8")
    with serve(project / "site") as base:
        page = context.new_page()
        page.goto(base + PROCEDURE)
        first = wait_until_kept(page, base + PROCEDURE)
        try:
            source.write_text(original + "\n- Ghi chú mới sau khi cập nhật trang.\n", encoding="utf-8")
            build_ok(project, now="2026-11-26T08:30:00+07:00")
            page.reload()  # network first: the new page at once
            assert page.get_by_text("Ghi chú mới sau khi cập nhật trang.").count() == 1
            second = wait_until_kept(page, base + PROCEDURE, other_than=first)
            assert second != first
            context.set_offline(True)
            page.reload()
            assert page.get_by_text("Ghi chú mới sau khi cập nhật trang.").count() == 1
            assert "08:30 ngày 26/11/2026" in page.locator(NOTE).text_content()
        finally:
            context.set_offline(False)
            source.write_text(original, encoding="utf-8")
            build_ok(project)


def test_without_service_workers_the_guide_works_as_before(project: Path, browser: Any) -> None:
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        with serve(project / "site") as base:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + PROCEDURE)
            page.wait_for_load_state("load")
            assert page.locator("h1").first.text_content().strip() == "Đăng ký khai sinh"
            assert page.locator(NOTE).count() == 0 and errors == []
    finally:
        ctx.close()
