"""In Chromium at phone widths: every page type reads without sideways scrolling, in the
frame of a government information site (issue 14, items 1 and 2).

Built from the suite's sample content (posts with covers and documents, the procedure
guide, the about page) so that the tables, contacts and images are the real ones.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE, SUBPATH_URL, PageWatch, build_ok, make_project, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# One page of each type (site-relative URLs of the sample content).
PAGES = {
    "home": "",
    "post": "tin-tuc/dang-ky-khai-sinh-can-mang-theo-giay-to-gi/",
    "document post": "tin-tuc/bao-cao-ket-qua-thuc-hien-cong-tac-tuyen-truyen-cai-cach-hanh-chinh-nam-2023/",
    "procedure": "thu-tuc/chung-thuc/chung-thuc-ban-sao-tu-ban-chinh/",
    "procedures index": "thu-tuc/",
    "documents register": "van-ban/",
    "news listing": "tin-tuc/",
    "about": "gioi-thieu/",
    "english": "en/",
    "404": "404.html",
}
ORG = {
    "name": "Ủy ban nhân dân xã Thượng Long",
    "address": "Thôn 5, xã Thượng Long, thành phố Huế",
    "phone": "0234 3 000 000",
    "email": "ubndthuonglong@example.gov.vn",
    "hours": "Thứ Hai đến Thứ Sáu",
    "responsible": "Phạm Văn Núi",
}
PHONE_WIDTHS = (320, 360, 412)

_LAYOUT = """() => {
  const doc = document.documentElement;
  const sideways = [...document.querySelectorAll(
      'table, pre, .md-typeset__scrollwrap, .md-typeset__table, .md-content, .md-footer')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`);
  return {scroll: doc.scrollWidth, viewport: doc.clientWidth, sideways};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("frame") / "p")
    shutil.rmtree(project / "posts")
    shutil.copytree(FIXTURE / "posts", project / "posts")
    shutil.copytree(FIXTURE / "docs" / "thu-tuc", project / "docs" / "thu-tuc")
    return build_ok(project, site_url=SUBPATH_URL)


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def phone(browser: Any, base: str) -> Iterator[Any]:
    """A 360 px wide phone page (device scale 2, touch), watched for errors."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, has_touch=True
    )
    page = context.new_page()
    page.watch = PageWatch(page, base)
    yield page
    context.close()


def _open(page: Any, base: str, url: str) -> None:
    page.goto(base + url, wait_until="networkidle")


@pytest.mark.parametrize("name", PAGES)
def test_nothing_scrolls_sideways_at_phone_widths(browser: Any, base: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    watch = PageWatch(page, base)
    _open(page, base, PAGES[name])
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.wait_for_timeout(50)
        layout = page.evaluate(_LAYOUT)
        assert layout["scroll"] == layout["viewport"] == width, (name, width, layout)
        assert not layout["sideways"], (name, width, layout["sideways"])
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_footer_has_the_agency_and_its_contacts(phone: Any, base: str, name: str) -> None:
    _open(phone, base, PAGES[name])
    footer = phone.locator("footer.cchc-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    text = " ".join(footer.inner_text().split())
    for key, value in ORG.items():
        assert value.casefold() in text.casefold(), (name, key)
    assert footer.locator('a[href="tel:02343000000"]').count() == 1
    assert footer.locator('a[href="mailto:ubndthuonglong@example.gov.vn"]').count() == 1
    # No docs-style "Trước / Sau" links (navigation.footer is off).
    assert phone.locator(".md-footer__link").count() == 0
    phone.watch.assert_clean()


def test_procedure_tables_become_labelled_cards_in_16px_text(phone: Any, base: str) -> None:
    _open(phone, base, PAGES["procedure"])
    cards = phone.locator("tr.tthc-card")
    assert cards.count() >= 4
    for index in range(cards.count()):
        card = cards.nth(index)
        assert card.evaluate("e => getComputedStyle(e).display") in ("block", "grid")
    # Column names are shown beside each value (CSS labels from data-label).
    label = phone.locator("#can-cu-phap-ly ~ * td[data-label='Trích yếu']").first
    assert label.evaluate("e => getComputedStyle(e, '::before').content").startswith('"Trích yếu')
    assert phone.locator("thead.tthc-cards__head").first.bounding_box()["width"] <= 1
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('article p, article li, article td, article dd, article label')]
          .filter(e => e.offsetParent !== null && e.innerText.trim()
                  && !e.closest('.cchc-meta, .cchc-crumbs, .tthc-checked, .tthc-item__facts'))
          .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 16, sorted(sizes)[:5]
    phone.watch.assert_clean()


@pytest.mark.parametrize("name", ["home", "post", "procedure", "about", "english", "news listing"])
def test_tap_targets_are_44px(phone: Any, base: str, name: str) -> None:
    _open(phone, base, PAGES[name])
    selectors = (
        ".md-header__button",
        ".cchc-crumbs a",
        ".cchc-column-nav a",
        ".cchc-entry",
        ".md-typeset .md-button",
        ".cchc-footer a",
        ".cchc-contacts a",
        ".cchc-org a",
        ".tthc-checklist td.tthc-check",
        ".tthc-checklist label",
    )
    small = phone.evaluate(
        """(selectors) => selectors.flatMap(s => [...document.querySelectorAll(s)]
            .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
            .map(e => [s, e.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
            .map(([s, r]) => `${s} ${Math.round(r.width)}×${Math.round(r.height)}`))""",
        list(selectors),
    )
    assert not small, (name, small)


@pytest.mark.parametrize("name", ["home", "about", "english", "procedure"])
def test_phone_numbers_never_break(phone: Any, base: str, name: str) -> None:
    _open(phone, base, PAGES[name])
    broken = phone.evaluate(
        """() => [...document.querySelectorAll('.cchc-tel, a[href^="tel:"]')]
            .filter(e => e.offsetParent !== null && e.getClientRects().length > 1 ||
                         (e.offsetParent !== null && e.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(e).lineHeight || 0) && e.innerText.length < 20 && false))
            .map(e => e.innerText)"""
    )
    assert not broken, broken
    heights = phone.evaluate(
        """() => [...document.querySelectorAll('.cchc-tel')].filter(e => e.offsetParent !== null)
            .map(e => { const r = document.createRange(); r.selectNodeContents(e);
                        return r.getClientRects().length; })"""
    )
    assert heights and max(heights) == 1, heights
    emails = phone.locator("a.cchc-mail").first
    assert emails.evaluate("e => getComputedStyle(e).overflowWrap") == "anywhere"


def test_header_shows_the_full_site_name_on_a_phone(phone: Any, base: str) -> None:
    _open(phone, base, PAGES["post"])
    topic = phone.locator(".md-header__topic").first
    assert topic.is_visible()
    assert " ".join(topic.inner_text().split()) == "Cải cách hành chính xã Thượng Long"
    fits = topic.evaluate(
        "e => { const s = e.querySelector('.md-ellipsis'); return s.scrollWidth <= s.clientWidth + 1; }"
    )
    assert fits  # wrapped, not cut with an ellipsis
    box = topic.bounding_box()
    header = phone.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"] + 1
    phone.mouse.wheel(0, 1500)  # Material swaps in the page title on scroll: the name stays
    phone.wait_for_timeout(500)
    assert topic.is_visible()


def test_home_has_the_desk_entry_points_and_news_with_thumbnails(phone: Any, base: str) -> None:
    _open(phone, base, "")
    desk = phone.locator(".cchc-desk")
    assert desk.locator('a[href="tel:02343000003"]').is_visible()
    text = desk.inner_text()
    assert ORG["hours"] in text and ORG["address"] in text
    for name in ("Thủ tục hành chính", "Văn bản", "Nộp hồ sơ trực tuyến"):
        assert phone.locator(".cchc-entry", has_text=name).count() == 1, name
    thumbs = phone.locator(".cchc-latest img.cchc-thumb")
    assert thumbs.count() == phone.locator(".cchc-latest .cchc-item").count() >= 3
    for index in range(thumbs.count()):
        thumb = thumbs.nth(index)
        assert thumb.get_attribute("width") and thumb.get_attribute("height")
        thumb.scroll_into_view_if_needed()
        assert thumb.evaluate("e => e.complete && e.naturalWidth > 0")
    covers = phone.locator(".cchc-latest img.cchc-thumb:not(.cchc-thumb--none)")
    assert covers.count() >= 1  # a post with a cover shows it
    for index in range(covers.count()):  # its light copy, not the full-size cover
        cover = covers.nth(index)
        assert cover.evaluate("e => e.naturalWidth") in (360, 720), cover.get_attribute("src")
        assert cover.get_attribute("src").endswith("w.webp")
    phone.watch.assert_clean()


@pytest.mark.parametrize(
    ("name", "trail"),
    [
        ("post", ["Trang chủ", "Tin tức", "Hỏi đáp"]),
        ("document post", ["Trang chủ", "Văn bản"]),
        ("procedure", ["Trang chủ", "Thủ tục hành chính", "Chứng thực"]),
    ],
)
def test_breadcrumbs(phone: Any, base: str, name: str, trail: list[str]) -> None:
    _open(phone, base, PAGES[name])
    links = phone.locator("nav.cchc-crumbs a")
    assert links.all_inner_texts() == trail
    links.first.click()
    phone.wait_for_url(base)


def test_toc_column_only_on_long_posts(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _open(page, base, PAGES["post"])  # four sections: no contents column
    assert not page.locator(".md-sidebar--secondary").is_visible()
    _open(page, base, "tin-tuc/chung-thuc-ban-sao-tu-ban-chinh-mat-bao-lau-phi-bao-nhieu/")  # six
    assert page.locator(".md-sidebar--secondary").is_visible()
    context.close()


def test_archive_categories_and_tags_by_clicks_from_home(phone: Any, base: str) -> None:
    _open(phone, base, "")
    archive = phone.locator(".cchc-column-nav a", has_text="Lưu trữ theo năm")
    # Scrolling starts the lazy thumbnails: load them all first, so that none is cut off.
    phone.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
    )
    phone.wait_for_function("() => [...document.images].every(i => i.complete)")
    archive.click()
    phone.wait_for_url(base + "tin-tuc/luu-tru/")
    phone.get_by_role("link", name="Năm 2024").click()
    phone.wait_for_url(base + "tin-tuc/luu-tru/2024/")
    assert "Lưu trữ năm 2024" in phone.locator("h1").inner_text()

    phone.locator(".cchc-column-nav a", has_text="Chuyên mục").click()
    phone.wait_for_url(base + "tin-tuc/chuyen-muc/")
    phone.get_by_role("link", name="Thông báo", exact=True).click()
    phone.wait_for_url(base + "tin-tuc/chuyen-muc/thong-bao/")

    phone.locator(".cchc-column-nav a", has_text="Chủ đề").click()
    phone.wait_for_url(base + "tin-tuc/chu-de/")
    phone.locator(".cchc-index a").first.click()
    phone.wait_for_load_state("networkidle")
    assert "/tin-tuc/chu-de/" in phone.url and phone.url != base + "tin-tuc/chu-de/"

    # The same pages from the menu (the drawer on a phone).
    _open(phone, base, "")
    phone.locator("label.md-header__button[for=__drawer]").click()
    drawer = phone.locator(".md-sidebar--primary")
    drawer.get_by_text("Tin tức", exact=True).first.click()
    drawer.get_by_role("link", name="Chuyên mục").click()
    phone.wait_for_url(base + "tin-tuc/chuyen-muc/")
    phone.wait_for_load_state("networkidle")
    phone.watch.assert_clean()


def test_english_page_in_chromium(phone: Any, base: str) -> None:
    _open(phone, base, "gioi-thieu/")
    phone.locator("header a.cchc-lang").click()
    phone.wait_for_url(base + "en/")
    assert phone.evaluate("document.documentElement.lang") == "en"
    hreflangs = phone.locator("head link[rel=alternate][hreflang]").evaluate_all(
        "ls => ls.map(l => l.hreflang)"
    )
    assert sorted(hreflangs) == ["en", "vi", "x-default"]
    phone.locator("header a.cchc-lang").click()
    phone.wait_for_url(base)
    assert phone.evaluate("document.documentElement.lang") == "vi"
    phone.watch.assert_clean()


def test_back_to_top_and_no_material_bundle(phone: Any, base: str) -> None:
    """Material's JavaScript bundle is not loaded (issue #13); what it did here still works:
    the back-to-top button shows while scrolling back up and goes to the top, tables sit in
    their scrolling frames, the search shows (Material's `js` class)."""
    scripts: list[str] = []
    phone.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    _open(phone, base, PAGES["procedure"])
    assert scripts and not [s for s in scripts if "bundle" in s], scripts
    assert set(phone.evaluate("document.documentElement.className").split()) == {"cchc-scheme-on", "js"}
    assert phone.locator(".cchc-search-open").is_visible()  # hidden while the page has no script
    assert phone.evaluate(
        "[...document.querySelectorAll('.md-typeset table:not([class])')]"
        ".every(t => t.parentElement.matches('.md-typeset__table')"
        " && t.parentElement.parentElement.matches('.md-typeset__scrollwrap'))"
    )
    top = phone.locator(".md-top")
    hidden = "document.querySelector('.md-top').hidden"  # Material's CSS fades it out (opacity 0)
    assert phone.evaluate(hidden)
    height = phone.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert height > 2 * 740  # a long page
    phone.mouse.wheel(0, height)
    phone.wait_for_function("scrollY > innerHeight * 1.5")
    assert phone.evaluate(hidden)  # going down: no button
    phone.mouse.wheel(0, -300)
    phone.wait_for_function("!document.querySelector('.md-top').hidden")
    top.click()
    phone.wait_for_function("scrollY === 0")
    assert phone.evaluate(hidden)
    phone.watch.assert_clean()
