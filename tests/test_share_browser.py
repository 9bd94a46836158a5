"""Sharing a post in Chromium at 360 px (templates/posts/share.html, share.js, share.css):
the Web Share button only where ``navigator.share`` exists, copy link with a confirmation a
screen reader announces, Zalo/Facebook/e-mail as plain links, nothing from another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SUBPATH_URL, PageWatch, build_ok, make_project, post, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SLUG = "thong-bao-lich-tiep-cong-dan-thang-12"
TITLE = "Thông báo lịch tiếp công dân tháng 12 & «lịch trực» <Một cửa>"
CANONICAL = f"{SUBPATH_URL}tin-tuc/{SLUG}/"
PHONE = {"width": 360, "height": 800}
SHOTS = Path("/tmp/cchc-share-shots")
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
STUB_SHARE = """
Navigator.prototype.share = function (data) {
  window.__cchcShared = { title: data.title, url: data.url };
  return Promise.resolve();
};
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    posts = {
        "2025/tiep-cong-dan.md": post(
            f"'{TITLE}'",
            "2025-11-20",
            "[Thông báo]",
            f"slug: {SLUG}\n",
            "Ủy ban nhân dân xã thông báo lịch tiếp công dân.\n\n## Thời gian\n\nSáng thứ Hai hằng tuần.\n",
        )
    }
    site = build_ok(make_project(tmp_path_factory.mktemp("share") / "p", posts=posts))
    with serve(site) as url:
        yield url


def open_post(browser: Any, base: str, script: str, **context: Any) -> tuple[Any, Any, PageWatch]:
    ctx = browser.new_context(**{"viewport": PHONE, **context})
    ctx.add_init_script(script)
    page = ctx.new_page()
    watch = PageWatch(page, base)
    page.goto(f"{base}tin-tuc/{SLUG}/")
    page.wait_for_load_state("load")
    return ctx, page, watch


def visible_labels(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".cchc-share__list > li", "items => items.filter(i => !i.hidden).map(i => i.textContent.trim())"
    )


def assert_fallback_links(page: Any) -> None:
    links = page.eval_on_selector_all(
        ".cchc-share a",
        "links => links.map(a => ({text: a.textContent, href: a.href, target: a.target, rel: a.rel}))",
    )
    by_text = {link["text"]: link for link in links}
    zalo, facebook, mail = by_text["Zalo"], by_text["Facebook"], by_text["Thư điện tử"]
    assert urlsplit(zalo["href"]).netloc == "sp.zalo.me"
    assert parse_qs(urlsplit(zalo["href"]).query)["url"] == [CANONICAL]
    assert parse_qs(urlsplit(facebook["href"]).query)["u"] == [CANONICAL]
    for link in (zalo, facebook):
        assert link["target"] == "_blank" and "noopener" in link["rel"].split()
    assert mail["href"].startswith("mailto:?") and mail["target"] == ""
    query = parse_qs(urlsplit(mail["href"]).query)
    assert query["subject"] == [TITLE] and query["body"] == [CANONICAL]


def assert_tap_targets(page: Any) -> None:
    boxes = page.eval_on_selector_all(
        ".cchc-share__list > li:not([hidden]) .md-button",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert boxes and all(w >= 44 and h >= 44 for w, h in boxes), boxes
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_without_web_share_the_fallbacks_show_and_nothing_loads_elsewhere(browser: Any, base: str) -> None:
    ctx, page, watch = open_post(browser, base, NO_SHARE)
    try:
        assert visible_labels(page) == ["Sao chép liên kết", "Zalo", "Facebook", "Thư điện tử"]
        assert_fallback_links(page)
        assert_tap_targets(page)
        SHOTS.mkdir(exist_ok=True)
        page.locator(".cchc-share").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "share-360-no-web-share.png"))
        watch.assert_clean()  # no request to Zalo or Facebook before a tap
    finally:
        ctx.close()


def test_with_web_share_the_button_opens_the_share_sheet(browser: Any, base: str) -> None:
    ctx, page, watch = open_post(browser, base, STUB_SHARE)
    try:
        assert visible_labels(page)[0] == "Chia sẻ…"
        page.locator(".cchc-share").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "share-360-web-share.png"))
        page.click("[data-cchc-share]")
        page.wait_for_function("window.__cchcShared !== undefined")
        assert page.evaluate("window.__cchcShared") == {"title": TITLE, "url": CANONICAL}
        assert_tap_targets(page)
        watch.assert_clean()
    finally:
        ctx.close()


def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(browser: Any, base: str) -> None:
    ctx, page, watch = open_post(browser, base, NO_SHARE, permissions=["clipboard-read", "clipboard-write"])
    try:
        status = page.locator("[data-cchc-share-status]")
        assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
        assert status.text_content() == ""
        page.click("[data-cchc-copy]")
        page.wait_for_function("document.querySelector('[data-cchc-share-status]').textContent !== ''")
        assert status.text_content().startswith("Đã sao chép liên kết")
        assert page.evaluate("navigator.clipboard.readText()") == CANONICAL
        page.screenshot(path=str(SHOTS / "share-360-copied.png"))
        watch.assert_clean()
    finally:
        ctx.close()


def test_without_javascript_the_share_links_still_work(browser: Any, base: str) -> None:
    ctx, page, watch = open_post(browser, base, "", java_script_enabled=False)
    try:
        assert visible_labels(page) == ["Zalo", "Facebook", "Thư điện tử"]
        assert page.locator("[data-cchc-share]").is_hidden() and page.locator("[data-cchc-copy]").is_hidden()
        assert_fallback_links(page)
        watch.assert_clean()
    finally:
        ctx.close()


def test_the_share_block_on_a_computer_screen(browser: Any, base: str) -> None:
    ctx, page, watch = open_post(browser, base, NO_SHARE, viewport={"width": 1280, "height": 900})
    try:
        page.locator(".cchc-share").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "share-1280.png"))
        assert visible_labels(page) == ["Sao chép liên kết", "Zalo", "Facebook", "Thư điện tử"]
        watch.assert_clean()
    finally:
        ctx.close()
